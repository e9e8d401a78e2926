//! Typed errors for the library. They are rendered once, at the edge (`main.rs`), as one line.
//!
//! Every variant says *what* is wrong and *where* (a file and line, a table, a constraint, a
//! profile key), because the user's next step is to fix that place. Connection strings inside
//! errors are always redacted (see [`crate::connect::redact_url`]).

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, as data: what failed and where. The words a command-line user
/// needs (which flag fixes it) are added where errors are shown, not here.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Could not reach or log in to the server; `target` is already redacted. The driver's error
    /// is kept as text with any secret removed, never as a source: its text may carry one.
    #[error("cannot connect to {target}: {reason}")]
    Connect {
        /// Host, port and database, without the password.
        target: String,
        /// Why, without secrets.
        reason: String,
    },

    /// The connection string itself is malformed.
    #[error("bad database URL {url}: {reason}")]
    BadUrl {
        /// The string, password redacted.
        url: String,
        /// What is wrong with it.
        reason: String,
    },

    /// No database was named.
    #[error("no database given")]
    NoDatabase,

    /// Options that do not go together.
    #[error("{0}")]
    Usage(String),

    /// A statement in a schema file failed.
    #[error("{file}:{line}: {message}")]
    SchemaFile {
        /// The file.
        file: PathBuf,
        /// 1-based line of the failing statement's error position.
        line: usize,
        /// The server's message.
        message: String,
    },

    /// The throwaway PostgreSQL cluster could not be created or started.
    #[error("throwaway database: {0}")]
    Throwaway(String),

    /// A query against the live database failed.
    #[error("{context}: {}", describe_sqlx_error(.source))]
    Database {
        /// What seedbed was doing.
        context: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },

    /// The foreign-key graph has a cycle no nullable or deferrable key can break.
    #[error(
        "foreign keys form a cycle that cannot be broken (no key in it is nullable or DEFERRABLE): tables {}; keys {}. Make one of these keys nullable or DEFERRABLE, or leave a table out",
        .tables.join(", "), .keys.join(", ")
    )]
    UnbreakableCycle {
        /// The tables of the cycle, `schema.table`.
        tables: Vec<String>,
        /// Its foreign keys, `schema.table.constraint`.
        keys: Vec<String>,
    },

    /// A profile could not be read or does not fit the schema.
    #[error("{file}: {message}")]
    Profile {
        /// The profile's file (or where it came from).
        file: String,
        /// What is wrong, and where in it.
        message: String,
    },

    /// A run-wide setting given outside the profile (`Overrides`, the command line) is out of
    /// range. `setting` is its name (`scale`).
    #[error("{setting}: {message}")]
    BadOverride {
        /// The setting's name.
        setting: &'static str,
        /// What is wrong with the value.
        message: String,
    },

    /// The plan cannot satisfy the schema; refused before anything is written.
    #[error("refused before loading: {0}")]
    Refused(String),

    /// Target tables hold rows and the options say neither to empty nor to add to them.
    #[error("refused before loading: these tables already have rows: {}", .tables.join(", "))]
    TablesNotEmpty {
        /// The tables, `schema.table`.
        tables: Vec<String>,
    },

    /// Disabling triggers was asked for, and the role is not a superuser.
    #[error("refused before loading: disabling the tables' user triggers needs a superuser")]
    NeedsSuperuser,

    /// Row-level security applies to the seeding role on a target it does not own, and COPY
    /// cannot load through a policy.
    #[error(
        "refused before loading: row-level security on {table} applies to role {role}, and COPY cannot load through it; seed as the table's owner or a role with BYPASSRLS"
    )]
    RowSecurity {
        /// The table, `schema.table`.
        table: String,
        /// The seeding role.
        role: String,
    },

    /// Writing output failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },

    /// Loading into the database failed. `committed` lists the tables whose rows were
    /// committed before the failure (only when committing per table); every other target table
    /// is as it was.
    #[error("load failed, {}: {reason}", committed_text(.committed))]
    Load {
        /// What failed, and where (a table, a step).
        reason: String,
        /// Tables committed before the failure, in load order.
        committed: Vec<String>,
    },

    /// The committed document differs from the live schema (`doc --check`).
    #[error("{0}")]
    OutOfDate(String),

    /// Waited longer than the lock timeout for a lock another session holds. `holders` names the
    /// tables and the sessions holding them (pid, application name, state; never a query).
    #[error("{what}: gave up after waiting {waited} for a lock held by another session{}", holders_text(.holders))]
    LockTimeout {
        /// What seedbed was doing.
        what: String,
        /// How long it waited (the server's `lock_timeout`).
        waited: String,
        /// `table (held by backend pid N, application_name 'x', state 'y', mode M)`.
        holders: Vec<String>,
    },

    /// Stopped by a signal; whatever was under way was rolled back.
    #[error("interrupted")]
    Interrupted,
}

fn committed_text(committed: &[String]) -> String {
    if committed.is_empty() {
        "nothing was committed".into()
    } else {
        format!(
            "these tables were committed and keep their rows: {}; every other table is as it was",
            committed.join(", ")
        )
    }
}

fn holders_text(holders: &[String]) -> String {
    if holders.is_empty() {
        String::new()
    } else {
        format!(": {}", holders.join("; "))
    }
}

impl Error {
    /// A failed query, with what seedbed was doing.
    pub fn db(context: impl Into<String>, err: sqlx::Error) -> Self {
        Error::Database {
            context: context.into(),
            source: err,
        }
    }

    /// A failed load step, with nothing committed.
    pub fn load(reason: impl Into<String>) -> Self {
        Error::Load {
            reason: reason.into(),
            committed: Vec::new(),
        }
    }

    /// A failed read or write of `path`.
    pub fn io(path: impl std::fmt::Display, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_string(),
            source,
        }
    }
}

/// One line describing an sqlx error, without row values: the server's message for database errors, the I/O cause
/// for connection failures.
pub fn describe_sqlx_error(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => {
            let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>();
            match pg {
                // A RAISE in the schema's own PL/pgSQL formats whatever it likes into its
                // message, row values included: name where it was raised instead.
                Some(pg) if pg.code().starts_with("P0") => {
                    let at = pg
                        .r#where()
                        .and_then(|w| w.lines().find(|l| l.contains("at RAISE")))
                        .unwrap_or("a PL/pgSQL function");
                    format!(
                        "raised by {} (SQLSTATE {}; its message is withheld: it may quote row values)",
                        at.trim(),
                        pg.code()
                    )
                }
                Some(pg) => {
                    let mut s = pg.message().to_string();
                    // An integrity violation's DETAIL quotes row values (`Key (email)=(…)`,
                    // `Failing row contains (…)`), which may be a user's existing rows: the
                    // message already names the constraint, so the detail is withheld.
                    let quotes_rows = pg.code().starts_with("23");
                    if let Some(d) = pg.detail().filter(|_| !quotes_rows) {
                        s.push_str(" (");
                        s.push_str(d);
                        s.push(')');
                    }
                    // One line, whatever the server sent.
                    s.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
                }
                None => db.message().to_string(),
            }
        }
        sqlx::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                "connection refused (is the server running and accepting TCP connections on that port?)".into()
            }
            _ => io.to_string(),
        },
        sqlx::Error::Tls(t) => format!("TLS: {t}"),
        sqlx::Error::PoolTimedOut => "timed out waiting for a connection".into(),
        other => other.to_string(),
    }
}
