//! The `seedbed` command: a thin clap front over the library. Errors are rendered here, once,
//! as a single line on stderr with a non-zero exit.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use seedbed::catalog::{self, Filter};
use seedbed::connect::{Database, Target};
use seedbed::inspect::{self, Format};
use seedbed::{Error, Result, graph};

#[derive(Parser)]
#[command(
    name = "seedbed",
    version,
    about = "Deterministic, constraint-honouring, privacy-safe test data for PostgreSQL"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the schema model: tables in load order with their columns, keys and constraints.
    Inspect {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Where the database is, and which part of it to use. Shared by every subcommand.
#[derive(Args, Clone)]
struct ConnArgs {
    /// PostgreSQL connection URL (otherwise DATABASE_URL).
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// Start a throwaway local PostgreSQL, apply this SQL file, and work on it.
    #[arg(long, value_name = "FILE.sql")]
    schema_file: Option<PathBuf>,
    /// With --schema-file: leave the throwaway server running and print its URL.
    #[arg(long)]
    keep: bool,
    /// Only these schemas (repeatable; default: every non-system schema).
    #[arg(long = "schema", value_name = "NAME")]
    schemas: Vec<String>,
    /// Leave out tables matching this glob, against `schema.table` or `table` (repeatable).
    #[arg(long = "exclude-table", value_name = "PATTERN")]
    exclude_tables: Vec<String>,
}

impl ConnArgs {
    fn target(&self) -> Result<Target> {
        Target::choose(
            self.database_url.clone(),
            std::env::var("DATABASE_URL").ok(),
            self.schema_file.clone(),
            self.keep,
        )
    }

    fn filter(&self) -> Filter {
        Filter {
            schemas: self.schemas.clone(),
            exclude_tables: self.exclude_tables.clone(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("seedbed: error: starting the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        tokio::select! {
            r = run(cli) => r,
            _ = tokio::signal::ctrl_c() => Err(Error::Interrupted),
        }
    });
    // Dropping the runtime drops any throwaway cluster still held by the interrupted task.
    drop(runtime);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seedbed: error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Inspect { conn, format } => {
            let db = open(&conn).await?;
            let mut c = db.connect().await?;
            let cat = catalog::introspect(&mut c, &conn.filter()).await?;
            let order = graph::load_order(&cat)?;
            print!("{}", inspect::render(&cat, &order, format));
            Ok(())
        }
    }
}

async fn open(conn: &ConnArgs) -> Result<Database> {
    let db = Database::open(&conn.target()?).await?;
    if conn.keep
        && let Some(cluster) = &db.cluster
    {
        eprintln!(
            "seedbed: throwaway database kept running at {}",
            cluster.url("postgres")
        );
    }
    Ok(db)
}
