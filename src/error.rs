//! Typed errors for the library. They are rendered once, at the edge (`main.rs`), as one line.
//!
//! Every variant says *what* is wrong and *where* (a file and line, a table, a constraint, a
//! profile key), because the user's next step is to fix that place. Connection strings inside
//! errors are always redacted (see [`crate::connect::redact_url`]).

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Could not reach or log in to the server; `target` is already redacted.
    #[error("cannot connect to {target}: {reason}")]
    Connect { target: String, reason: String },

    /// The connection string itself is malformed.
    #[error("bad database URL {url}: {reason}")]
    BadUrl { url: String, reason: String },

    #[error(
        "no database given: pass --database-url URL, set DATABASE_URL, or give --schema-file FILE.sql to seed a throwaway database"
    )]
    NoDatabase,

    #[error("{0}")]
    Usage(String),

    /// A statement in a schema file failed.
    #[error("{file}:{line}: {message}")]
    SchemaFile {
        file: PathBuf,
        line: usize,
        message: String,
    },

    /// The throwaway PostgreSQL cluster could not be created or started.
    #[error("throwaway database: {0}")]
    Throwaway(String),

    /// A query against the live database failed.
    #[error("{context}: {message}")]
    Database { context: String, message: String },

    /// The foreign-key graph has a cycle no nullable or deferrable key can break.
    #[error(
        "foreign keys form a cycle that cannot be broken (no key in it is nullable or DEFERRABLE): tables {tables}; keys {keys}. Make one of these keys nullable or DEFERRABLE, or exclude a table with --exclude-table"
    )]
    UnbreakableCycle { tables: String, keys: String },

    /// A profile could not be read or does not fit the schema.
    #[error("{file}: {message}")]
    Profile { file: String, message: String },

    /// The plan cannot satisfy the schema; refused before anything is written.
    #[error("refused before loading: {0}")]
    Refused(String),

    /// Writing output failed.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    /// Loading into the database failed (the transaction was rolled back).
    #[error("load failed, nothing was committed: {0}")]
    Load(String),

    /// The committed document differs from the live schema (`doc --check`).
    #[error("{0}")]
    OutOfDate(String),

    #[error("interrupted")]
    Interrupted,
}

impl Error {
    pub fn db(context: impl Into<String>, err: sqlx::Error) -> Self {
        Error::Database {
            context: context.into(),
            message: describe_sqlx_error(&err),
        }
    }

    pub fn io(path: impl std::fmt::Display, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_string(),
            source,
        }
    }
}

/// One line describing an sqlx error: the server's message for database errors, the I/O cause
/// for connection failures.
pub fn describe_sqlx_error(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => {
            let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>();
            match pg {
                Some(pg) => {
                    let mut s = pg.message().to_string();
                    if let Some(d) = pg.detail() {
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
