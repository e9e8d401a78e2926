//! Where the database is: a URL the user gave, or a throwaway cluster seeded from a schema file.
//!
//! Every message that mentions a connection goes through [`redact_url`], so a password never
//! reaches the terminal or a log.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

use crate::error::{Error, Result, describe_sqlx_error};
use crate::throwaway::ThrowawayCluster;

/// How to reach the database a command works on.
#[derive(Debug, Clone)]
pub enum Target {
    /// An existing database.
    Url(String),
    /// A throwaway cluster created for this run, with the file applied to it.
    SchemaFile {
        /// The schema SQL to apply.
        file: PathBuf,
        /// Leave the cluster running at exit.
        keep: bool,
    },
}

impl Target {
    /// Decide the target from the command line. An explicit `--database-url` and `--schema-file`
    /// together are refused (we never apply a schema file to a user's database); a
    /// `DATABASE_URL` from the environment yields to `--schema-file`.
    pub fn choose(
        explicit_url: Option<String>,
        env_url: Option<String>,
        schema_file: Option<PathBuf>,
        keep: bool,
    ) -> Result<Target> {
        match (explicit_url, schema_file) {
            (Some(_), Some(_)) => Err(Error::Usage(
                "--schema-file creates a throwaway database; it cannot be combined with --database-url".into(),
            )),
            (Some(url), None) => Ok(Target::Url(url)),
            (None, Some(file)) => Ok(Target::SchemaFile { file, keep }),
            (None, None) => env_url
                .filter(|u| !u.trim().is_empty())
                .map(Target::Url)
                .ok_or(Error::NoDatabase),
        }
    }
}

/// A live database for one command: the URL plus, for a throwaway target, the cluster that is
/// stopped and removed when this is dropped.
pub struct Database {
    /// The connection URL (a throwaway cluster's is on loopback, user postgres).
    pub url: String,
    /// The throwaway cluster, stopped and removed when this is dropped.
    pub cluster: Option<ThrowawayCluster>,
}

impl Database {
    /// Open the target: check the URL or start the throwaway cluster and apply the schema file.
    pub async fn open(target: &Target) -> Result<Database> {
        match target {
            Target::Url(url) => {
                parse_url(url)?;
                Ok(Database {
                    url: url.clone(),
                    cluster: None,
                })
            }
            Target::SchemaFile { file, keep } => {
                let sql =
                    std::fs::read_to_string(file).map_err(|e| Error::io(file.display(), e))?;
                let cluster = ThrowawayCluster::start(*keep)?;
                let url = cluster.url("postgres");
                let mut conn = connect(&url).await?;
                apply_sql(&mut conn, file, &sql).await?;
                conn.close().await.ok();
                Ok(Database {
                    url,
                    cluster: Some(cluster),
                })
            }
        }
    }

    /// A new connection to the database.
    pub async fn connect(&self) -> Result<PgConnection> {
        connect(&self.url).await
    }

    /// A pool of up to `size` connections to the database.
    pub async fn pool(&self, size: u32) -> Result<PgPool> {
        let opts = parse_url(&self.url)?;
        PgPoolOptions::new()
            .max_connections(size.max(1))
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(opts)
            .await
            .map_err(|e| Error::Connect {
                target: redact_url(&self.url),
                reason: describe_sqlx_error(&e),
            })
    }
}

/// Where to connect, for a caller embedding seedbed: a URL, options built in code, or a pool
/// the caller already has (a `#[sqlx::test]` pool, an application's pool).
#[derive(Debug, Clone)]
pub enum ConnectTo {
    /// A `postgres://` URL; its password is never shown.
    Url(String),
    /// sqlx's connection options.
    Options(Box<PgConnectOptions>),
    /// An existing pool: connections are taken from it and given back.
    Pool(PgPool),
}

impl From<&str> for ConnectTo {
    fn from(url: &str) -> Self {
        ConnectTo::Url(url.to_string())
    }
}

impl From<String> for ConnectTo {
    fn from(url: String) -> Self {
        ConnectTo::Url(url)
    }
}

impl From<PgConnectOptions> for ConnectTo {
    fn from(opts: PgConnectOptions) -> Self {
        ConnectTo::Options(Box::new(opts))
    }
}

impl From<PgPool> for ConnectTo {
    fn from(pool: PgPool) -> Self {
        ConnectTo::Pool(pool)
    }
}

impl From<&PgPool> for ConnectTo {
    fn from(pool: &PgPool) -> Self {
        ConnectTo::Pool(pool.clone())
    }
}

/// How long seedbed waits for a lock another session holds before failing with who holds it,
/// when neither the caller ([`ConnectTo::with_lock_timeout`]) nor the server's settings say.
pub const DEFAULT_LOCK_TIMEOUT_SECS: u64 = 10;

impl ConnectTo {
    /// Wait at most `secs` seconds for any lock (catalog reads, the seed's table locks, DDL);
    /// past it, the command fails naming the sessions that hold the lock. A pool's connections
    /// keep the default ([`DEFAULT_LOCK_TIMEOUT_SECS`]) unless the server sets one.
    pub fn with_lock_timeout(self, secs: u64) -> ConnectTo {
        let param = [("lock_timeout", format!("{}ms", secs.saturating_mul(1000)))];
        match self {
            ConnectTo::Url(url) => match parse_url(&url) {
                Ok(opts) => ConnectTo::Options(Box::new(opts.options(param))),
                // Reported, redacted, when connecting.
                Err(_) => ConnectTo::Url(url),
            },
            ConnectTo::Options(opts) => ConnectTo::Options(Box::new(opts.options(param))),
            pool => pool,
        }
    }

    /// A new connection of our own (a pool's is detached from it, so the load's session
    /// settings never leak back into the caller's pool). Lock waits are bounded: without a
    /// `lock_timeout` of the caller's or the server's, [`DEFAULT_LOCK_TIMEOUT_SECS`].
    pub(crate) async fn connect(&self) -> Result<PgConnection> {
        let mut conn = self.connect_unbounded().await?;
        let current: String = sqlx::query_scalar("SELECT current_setting('lock_timeout')")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| Error::db("reading lock_timeout", e))?;
        if current == "0" {
            sqlx::query("SELECT set_config('lock_timeout', $1, false)")
                .bind(format!("{DEFAULT_LOCK_TIMEOUT_SECS}s"))
                .execute(&mut conn)
                .await
                .map_err(|e| Error::db("setting lock_timeout", e))?;
        }
        Ok(conn)
    }

    async fn connect_unbounded(&self) -> Result<PgConnection> {
        match self {
            ConnectTo::Url(url) => connect(url).await,
            ConnectTo::Options(opts) => connect_with(opts).await,
            ConnectTo::Pool(pool) => {
                pool.acquire()
                    .await
                    .map(|c| c.detach())
                    .map_err(|e| Error::Connect {
                        target: "the pool's database".into(),
                        reason: describe_sqlx_error(&e),
                    })
            }
        }
    }
}

/// Connect with options built in code; errors name host, port and database, never a password.
pub async fn connect_with(opts: &PgConnectOptions) -> Result<PgConnection> {
    let target = format!(
        "{}:{}/{}",
        opts.get_host(),
        opts.get_port(),
        opts.get_database().unwrap_or("")
    );
    let opts = opts.clone().log_statements(log::LevelFilter::Off);
    match tokio::time::timeout(Duration::from_secs(15), PgConnection::connect_with(&opts)).await {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(Error::Connect {
            target,
            reason: describe_sqlx_error(&e),
        }),
        Err(_) => Err(Error::Connect {
            target,
            reason: "timed out after 15s".into(),
        }),
    }
}

/// Parse a connection string without ever echoing its password back.
pub fn parse_url(url: &str) -> Result<PgConnectOptions> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(Error::BadUrl {
            url: redact_url(url),
            reason: "expected postgres://user@host:port/database".into(),
        });
    }
    PgConnectOptions::from_str(url)
        .map(|o| o.log_statements(log::LevelFilter::Off))
        .map_err(|e| Error::BadUrl {
            url: redact_url(url),
            reason: strip_secrets(&e.to_string(), url),
        })
}

/// Connect to a URL; errors never show its password.
pub async fn connect(url: &str) -> Result<PgConnection> {
    let opts = parse_url(url)?;
    match tokio::time::timeout(Duration::from_secs(15), PgConnection::connect_with(&opts)).await {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(Error::Connect {
            target: redact_url(url),
            reason: strip_secrets(&describe_sqlx_error(&e), url),
        }),
        Err(_) => Err(Error::Connect {
            target: redact_url(url),
            reason: "timed out after 15s".into(),
        }),
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`. Works on malformed input
/// too: anything between `://` and the last `@` that contains `:` loses what follows the colon.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        // libpq's `key=value` form: `host=db password='s3 cret'`.
        return redact_keywords(url);
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    // The user info ends at the authority's last `@`. A password holding a raw `/` or `?` makes
    // the authority seem to end inside it (`user:pa/ss@host`): then, unless what follows the
    // colon is a port, the user info runs to the last `@` of the URL.
    let userinfo_end = authority.rfind('@').or_else(|| {
        let (_, after_colon) = authority.split_once(':')?;
        let at = rest.rfind('@')?;
        let query = rest.find('?').unwrap_or(rest.len());
        let port = !after_colon.is_empty() && after_colon.bytes().all(|b| b.is_ascii_digit());
        (!port || at < query).then_some(at)
    });
    let mut out = url.to_string();
    if let Some(at) = userinfo_end {
        let userinfo = &rest[..at];
        if let Some(colon) = userinfo.find(':') {
            let start = scheme_end + 3 + colon + 1;
            let end = scheme_end + 3 + at;
            out.replace_range(start..end, "***");
        }
    }
    // A password may also be passed as a query parameter (any number of times).
    out = redact_keywords(&out);
    out
}

/// `host=db password=secret` → `host=db password=***`, with libpq's quoting (`'…'`, `\'`) and
/// spaces around `=`. Any keyword ending in `password` is redacted.
fn redact_keywords(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        // A keyword: a run of word characters, then optional spaces and `=`.
        if b[i].is_ascii_alphanumeric() || b[i] == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let word = &s[start..i];
            out.push_str(word);
            let mut j = i;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if j < b.len() && b[j] == b'=' && word.to_ascii_lowercase().ends_with("password") {
                j += 1;
                while j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                // The value: quoted (backslash escapes) or up to the next space.
                if j < b.len() && b[j] == b'\'' {
                    j += 1;
                    while j < b.len() && b[j] != b'\'' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    j = (j + 1).min(b.len());
                } else {
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'&' {
                        j += 1;
                    }
                }
                out.push_str("=***");
                i = j;
            }
            continue;
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Remove the password of `url` from a message, wherever it appears.
fn strip_secrets(msg: &str, url: &str) -> String {
    match url::Url::parse(url)
        .ok()
        .and_then(|u| u.password().map(str::to_string))
    {
        Some(pw) if !pw.is_empty() => msg.replace(&pw, "***"),
        _ => msg.to_string(),
    }
}

/// Run a whole SQL file (several statements, `$$` bodies) on `conn`. A failing statement is
/// reported as `file:line: message`, the line computed from the server's error position.
pub async fn apply_sql(conn: &mut PgConnection, file: &Path, sql: &str) -> Result<()> {
    let sql = &*without_psql_settings(sql);
    match sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut *conn)
        .await
    {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(db)) => {
            let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>();
            let line = pg
                .and_then(|pg| match pg.position() {
                    Some(sqlx::postgres::PgErrorPosition::Original(chars)) => Some(chars),
                    _ => None,
                })
                .map(|chars| line_of_char(sql, chars))
                .unwrap_or(1);
            Err(Error::SchemaFile {
                file: file.to_path_buf(),
                line,
                message: db.message().to_string(),
            })
        }
        Err(e) => Err(Error::db(format!("applying {}", file.display()), e)),
    }
}

/// The file with the psql meta-commands that only set up psql's session blanked out (lines
/// kept, so errors keep their line numbers): `\restrict`/`\unrestrict`, which pg_dump writes
/// around every dump since PostgreSQL 17.6/16.10/15.14, and `\set`, `\pset`, `\echo`,
/// `\timing`. Any other meta-command stays, and the server names its line.
fn without_psql_settings(sql: &str) -> std::borrow::Cow<'_, str> {
    const SETTINGS: [&str; 6] = ["restrict", "unrestrict", "set", "pset", "echo", "timing"];
    let is_setting = |line: &str| {
        line.trim_start().strip_prefix('\\').is_some_and(|rest| {
            let word = rest.split_whitespace().next().unwrap_or("");
            SETTINGS.contains(&word)
        })
    };
    if !sql.lines().any(is_setting) {
        return std::borrow::Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    for line in sql.split_inclusive('\n') {
        if is_setting(line) {
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// 1-based line of the 1-based character position `pos` in `text`.
fn line_of_char(text: &str, pos: usize) -> usize {
    1 + text
        .chars()
        .take(pos.saturating_sub(1))
        .filter(|&c| c == '\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psql_session_settings_are_blanked_keeping_lines() {
        let dump =
            "\\restrict abc\nCREATE TABLE t (id int);\n\\set ON_ERROR_STOP 1\n\\unrestrict abc\n";
        assert_eq!(
            without_psql_settings(dump),
            "\nCREATE TABLE t (id int);\n\n\n"
        );
        let other = "\\copy t FROM 'x.csv'\n";
        assert_eq!(without_psql_settings(other), other);
    }

    #[test]
    fn passwords_never_survive_redaction() {
        assert_eq!(
            redact_url("postgres://bob:s3cret@db.example:5432/app"),
            "postgres://bob:***@db.example:5432/app"
        );
        assert_eq!(
            redact_url("postgres://bob:p@ss@host/app"),
            "postgres://bob:***@host/app"
        );
        assert_eq!(
            redact_url("postgresql://host/app?user=x&password=hunter2&sslmode=disable"),
            "postgresql://host/app?user=x&password=***&sslmode=disable"
        );
        assert_eq!(redact_url("postgres://host/app"), "postgres://host/app");
        // Unencoded `/` or `?` in a password must not end the redaction early.
        assert_eq!(
            redact_url("postgres://bob:pa/ss@host:1/app"),
            "postgres://bob:***@host:1/app"
        );
        assert_eq!(
            redact_url("postgres://bob:pa?ss@host/app"),
            "postgres://bob:***@host/app"
        );
        assert_eq!(
            redact_url("postgres://host:5432/app?application_name=a@b"),
            "postgres://host:5432/app?application_name=a@b"
        );
    }

    #[test]
    fn key_value_passwords_never_survive_redaction() {
        for (s, secret) in [
            ("host=db user=bob password=s3cret dbname=app", "s3cret"),
            (
                "host=db password = 'two words\\' here' dbname=app",
                "two words",
            ),
            ("password=hunter2", "hunter2"),
            ("host=db PGPASSWORD=topsecret", "topsecret"),
        ] {
            let r = redact_url(s);
            assert!(!r.contains(secret), "{s} → {r}");
            assert!(r.contains("***"), "{r}");
        }
        assert_eq!(
            redact_url("host=db password='a b' dbname=app"),
            "host=db password=*** dbname=app"
        );
        let e = parse_url("host=db user=bob password='se cret'").unwrap_err();
        assert!(!e.to_string().contains("se cret"), "{e}");
    }

    #[test]
    fn bad_urls_are_refused_without_echoing_secrets() {
        let e = parse_url("mysql://root:topsecret@host/db").unwrap_err();
        assert!(!e.to_string().contains("topsecret"), "{e}");
        let e = parse_url("postgres://u:topsecret@host:notaport/db").unwrap_err();
        assert!(!e.to_string().contains("topsecret"), "{e}");
    }

    #[test]
    fn target_choice() {
        assert!(matches!(
            Target::choose(None, None, None, false),
            Err(Error::NoDatabase)
        ));
        assert!(matches!(
            Target::choose(
                Some("postgres://x".into()),
                None,
                Some("a.sql".into()),
                false
            ),
            Err(Error::Usage(_))
        ));
        assert!(matches!(
            Target::choose(
                None,
                Some("postgres://x".into()),
                Some("a.sql".into()),
                false
            ),
            Ok(Target::SchemaFile { .. })
        ));
    }

    #[test]
    fn error_lines_are_counted_in_characters() {
        let sql = "select 1;\n-- ß comment\nselect oops;";
        assert_eq!(line_of_char(sql, 1), 1);
        assert_eq!(line_of_char(sql, 24), 3);
    }
}
