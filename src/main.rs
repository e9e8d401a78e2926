//! The `seedbed` command: a thin clap front over the library. Errors are rendered here, once,
//! as a single line on stderr with a non-zero exit.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use seedbed::{
    ConnectTo, CopyFormat, Database, Error, Existing, Filter, InspectFormat, Overrides, Profile,
    ProgressMode, Result, SeedOptions, Target,
};

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
    /// Show how every table and column will be filled, and anything that will be refused.
    Plan {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        generate: GenArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: PlanFormat,
    },
    /// Generate rows and load them with COPY, all in one transaction.
    Seed {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        generate: GenArgs,
        #[command(flatten)]
        load: SeedArgs,
    },
    /// Write the data-design document (Markdown) generated from the live schema.
    Doc {
        #[command(flatten)]
        conn: ConnArgs,
        /// Volume profile (TOML): adds the Volume Profile section and plans with it.
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
        /// Write the document to FILE instead of stdout.
        #[arg(long, value_name = "FILE", conflicts_with = "check")]
        out: Option<PathBuf>,
        /// Write nothing; fail with a short diff when FILE differs from the document the schema
        /// gives now (for CI).
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
    },
    /// Write one CSV file per table plus load.sql (fixtures for CI).
    Export {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        generate: GenArgs,
        /// Directory for the CSV files and load.sql.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Print nothing but errors.
        #[arg(long)]
        quiet: bool,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Write only shard K of N's part of every file, as FILE.K-of-N; the parts concatenated
        /// in shard order are the unsharded files, byte for byte (docs/sharding.md)
        /// [default: none: whole files]
        #[arg(long, value_name = "K/N")]
        shard: Option<seedbed::Shard>,
    },
    /// Write a starter profile for the schema: every table with its row count, each column's
    /// generator as a comment. With --from-stats, row counts, null fractions, distinct-value caps
    /// and text lengths follow another database's statistics (shape only: no value is read).
    #[command(name = "profile")]
    StarterProfile {
        #[command(flatten)]
        conn: ConnArgs,
        /// Take row counts, null fractions, distinct caps and text lengths from this database's
        /// statistics (pg_class.reltuples;
        /// pg_stats null_frac, n_distinct, avg_width, correlation: never values) [default: none]
        #[arg(long, value_name = "URL")]
        from_stats: Option<String>,
        /// Multiply the source's row counts (e.g. 0.01 for a 1% copy) [default: 1]
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Write the profile to FILE instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print a shell completion script (e.g. `seedbed completions bash > /etc/bash_completion.d/seedbed`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `seedbed man | man -l -`).
    Man,
    /// Stop a throwaway database left running by --keep, and remove its directory.
    Stop {
        /// The directory `--keep` printed.
        dir: PathBuf,
    },
}

impl Command {
    /// The database options of a command that has them.
    fn conn(&self) -> Option<&ConnArgs> {
        match self {
            Command::Inspect { conn, .. }
            | Command::Plan { conn, .. }
            | Command::Seed { conn, .. }
            | Command::Doc { conn, .. }
            | Command::Export { conn, .. }
            | Command::StarterProfile { conn, .. } => Some(conn),
            Command::Completions { .. } | Command::Man | Command::Stop { .. } => None,
        }
    }
}

#[derive(Args, Clone)]
struct SeedArgs {
    /// Empty the target tables first (they are listed); without it, tables with rows are refused.
    #[arg(long, conflicts_with = "append")]
    truncate: bool,
    /// Add rows to tables that already have some.
    #[arg(long)]
    append: bool,
    /// --[no-]defer-indexes: drop keys and secondary indexes during the load and rebuild them
    /// after (validated by PostgreSQL as it rebuilds) [default: on when every target starts
    /// empty and tables are not committed one by one; --no-defer-indexes keeps them in place]
    #[arg(long, conflicts_with = "no_defer_indexes")]
    defer_indexes: bool,
    /// Keep keys and indexes in place during the load (see --defer-indexes).
    #[arg(long, hide = true)]
    no_defer_indexes: bool,
    /// Commit after each table instead of once at the end [default: one transaction] (shorter
    /// locks; a failure keeps the tables committed before it, and says which); with --jobs > 1,
    /// tables load over several connections.
    #[arg(long)]
    commit_per_table: bool,
    /// Disable user triggers during the load (superuser only; faster, but triggers do not run).
    #[arg(long)]
    disable_triggers: bool,
    /// Load with CSV COPY instead of binary COPY [default: binary].
    #[arg(long)]
    csv: bool,
    /// Skip ANALYZE after loading [default: the loaded tables are analyzed].
    #[arg(long)]
    no_analyze: bool,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Load only shard K of N's share of every table; N processes with the same arguments,
    /// K = 1..N, together load exactly the rows of one unsharded run (docs/sharding.md)
    /// [default: none: the whole database]
    #[arg(long, value_name = "K/N")]
    shard: Option<seedbed::Shard>,
}

/// `inspect --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Mermaid,
}

impl From<Format> for InspectFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => InspectFormat::Text,
            Format::Json => InspectFormat::Json,
            Format::Mermaid => InspectFormat::Mermaid,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PlanFormat {
    Text,
    Json,
}

/// What to generate: the profile, and the command-line overrides of it.
#[derive(Args, Clone)]
struct GenArgs {
    /// Volume profile (TOML) [default: none: every table gets 100 rows, seed 42].
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Seed of every random stream [default: the profile's `seed`, else 42].
    #[arg(long)]
    seed: Option<u64>,
    /// Multiply every row count [default: the profile's `scale`, else 1].
    #[arg(long, allow_negative_numbers = true)]
    scale: Option<f64>,
    /// Generation threads [default: all cores]. The output does not depend on it.
    #[arg(long)]
    jobs: Option<usize>,
}

impl GenArgs {
    /// The profile, after checking the command line's own values (before any connection).
    fn profile(&self) -> Result<Profile> {
        if let Some(s) = self.scale
            && !(s.is_finite() && s >= 0.0)
        {
            return Err(Error::BadOverride {
                setting: "scale",
                message: format!("must be a finite number of at least 0, got {s}"),
            });
        }
        match &self.profile {
            Some(p) => Profile::load(p),
            None => Ok(Profile::default()),
        }
    }

    fn overrides(&self) -> Overrides {
        Overrides {
            seed: self.seed,
            scale: self.scale,
        }
    }

    fn jobs(&self) -> usize {
        self.jobs
            .unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            })
            .max(1)
    }
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
    /// Seconds to wait for a lock another session holds (on a table, the catalog, or a running
    /// seed) before failing with who holds it.
    #[arg(long, value_name = "SECONDS", default_value_t = seedbed::DEFAULT_LOCK_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..))]
    lock_timeout: u64,
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

    /// Where to connect, with this command's lock timeout.
    fn db(&self, db: &Database) -> ConnectTo {
        db_of(db).with_lock_timeout(self.lock_timeout)
    }

    fn filter(&self) -> Filter {
        Filter {
            schemas: self.schemas.clone(),
            exclude_tables: self.exclude_tables.clone(),
        }
    }
}

fn main() -> ExitCode {
    // A bug must still end in one line, not a stack trace.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("seedbed: internal error: {msg}{at} (please report this)");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // A throwaway database disappears at exit; say so, or the newcomer has seen nothing.
    let throwaway_gone = cli
        .command
        .conn()
        .is_some_and(|c| c.schema_file.is_some() && !c.keep);
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
        // Install the handlers before any work starts (tokio's ctrl_c() only does so when first
        // polled): an interrupt then drops the running command, which rolls back its
        // transaction and stops and removes a throwaway cluster, instead of killing us mid-way.
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut int), Ok(mut term)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            return Err(Error::Usage("cannot install signal handlers".into()));
        };
        tokio::select! {
            r = run(cli) => r,
            _ = int.recv() => Err(Error::Interrupted),
            _ = term.recv() => Err(Error::Interrupted),
        }
    });
    // The interrupted command was dropped inside block_on (its transaction rolled back, its
    // throwaway cluster stopped); generation threads stop at the closed channel, and are not
    // waited for long.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    match result {
        Ok(()) => {
            if throwaway_gone {
                eprintln!(
                    "seedbed: the throwaway database was stopped and removed; add --keep to keep it running and look at the rows"
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("seedbed: error: {}", render_error(&e));
            ExitCode::FAILURE
        }
    }
}

/// Help and version go out as clap prints them; a command-line mistake is one line, like every
/// other error, with the way to the help.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let text = e.render().to_string();
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ");
    // clap's suggestion ("a similar argument exists: '--truncate'") is worth keeping.
    let tip = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("tip: "))
        .map(|t| format!("; {t}"))
        .unwrap_or_default();
    eprintln!("seedbed: error: {first}{tip} (see seedbed --help)");
    ExitCode::from(2)
}

/// The library's error in a command-line user's words: where the fix is a flag, name it.
fn render_error(e: &Error) -> String {
    match e {
        Error::NoDatabase => "no database given: pass --database-url URL, set DATABASE_URL, or give --schema-file FILE.sql to seed a throwaway database".into(),
        Error::UnbreakableCycle { .. } => format!("{e} with --exclude-table"),
        Error::BadOverride { setting, message } => format!("--{setting}: {message}"),
        Error::TablesNotEmpty { .. } => {
            format!("{e}; pass --truncate to empty them first or --append to add to them")
        }
        Error::LockTimeout { .. } => format!("{e}; pass --lock-timeout SECONDS to wait longer"),
        Error::NeedsSuperuser => "refused before loading: --disable-triggers needs a superuser (it disables the tables' user triggers during the load); connect as one or drop the flag".into(),
        other => other.to_string(),
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "seedbed", &mut std::io::stdout());
            Ok(())
        }
        Command::StarterProfile {
            conn,
            from_stats,
            scale,
            out,
        } => {
            if !(scale.is_finite() && scale > 0.0) {
                return Err(Error::Usage(format!(
                    "--scale must be a positive number, got {scale}"
                )));
            }
            let db = open(&conn).await?;
            let source = from_stats.map(ConnectTo::Url);
            let text =
                seedbed::starter_profile(&db_of(&db), &conn.filter(), source.as_ref(), scale)
                    .await?;
            match out {
                Some(path) => std::fs::write(&path, text).map_err(|e| Error::io(path.display(), e)),
                None => {
                    print!("{text}");
                    Ok(())
                }
            }
        }
        Command::Stop { dir } => {
            seedbed::stop_kept(&dir)?;
            eprintln!("seedbed: stopped and removed {}", dir.display());
            Ok(())
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Error::io("stdout", e))?;
            use std::io::Write;
            std::io::stdout()
                .write_all(&out)
                .map_err(|e| Error::io("stdout", e))
        }
        Command::Inspect { conn, format } => {
            let db = open(&conn).await?;
            print!(
                "{}",
                seedbed::inspect(&conn.db(&db), &conn.filter(), format.into()).await?
            );
            Ok(())
        }
        Command::Plan {
            conn,
            generate: ga,
            format,
        } => {
            let profile = ga.profile()?;
            let db = open(&conn).await?;
            let p =
                seedbed::prepare(&conn.db(&db), &conn.filter(), &profile, ga.overrides()).await?;
            match format {
                PlanFormat::Text => print!("{}", p.plan_text()),
                PlanFormat::Json => print!("{}", p.plan_json()),
            }
            p.ensure_ok()
        }
        Command::Seed {
            conn,
            generate: ga,
            load,
        } => seed(conn, ga, load).await,
        Command::Doc {
            conn,
            profile,
            out,
            check,
        } => doc(conn, profile, out, check).await,
        Command::Export {
            conn,
            generate: ga,
            out,
            quiet,
            json,
            shard,
        } => {
            let profile = ga.profile()?;
            let db = open(&conn).await?;
            let p =
                seedbed::prepare(&conn.db(&db), &conn.filter(), &profile, ga.overrides()).await?;
            let jobs = ga.jobs();
            let mode = ProgressMode::detect(quiet || json);
            let summary = tokio::task::block_in_place(|| p.export_shard(&out, jobs, mode, shard))?;
            if json {
                print!("{}", summary.json());
            } else if !quiet {
                print!("{}", summary.text("exported"));
            }
            Ok(())
        }
    }
}

fn db_of(db: &Database) -> ConnectTo {
    ConnectTo::Url(db.url.clone())
}

async fn seed(conn: ConnArgs, ga: GenArgs, load: SeedArgs) -> Result<()> {
    let profile = ga.profile()?;
    let db = open(&conn).await?;
    let opts = SeedOptions {
        filter: conn.filter(),
        seed: ga.seed,
        scale: ga.scale,
        jobs: ga.jobs(),
        format: if load.csv {
            CopyFormat::Csv
        } else {
            CopyFormat::Binary
        },
        existing: if load.truncate {
            Existing::Truncate
        } else if load.append {
            Existing::Append
        } else {
            Existing::Refuse
        },
        defer_indexes: if load.defer_indexes {
            Some(true)
        } else if load.no_defer_indexes {
            Some(false)
        } else {
            None
        },
        commit_per_table: load.commit_per_table,
        disable_triggers: load.disable_triggers,
        analyze: !load.no_analyze,
        progress: ProgressMode::detect(load.quiet || load.json),
        shard: load.shard,
    };
    let summary = seedbed::seed(&conn.db(&db), &profile, &opts).await?;
    if load.json {
        print!("{}", summary.json());
    } else if !load.quiet {
        if !summary.truncated.is_empty() {
            eprintln!("seedbed: emptied first: {}", summary.truncated.join(", "));
        }
        print!("{}", summary.text("seeded"));
    }
    Ok(())
}

async fn doc(
    conn: ConnArgs,
    profile: Option<PathBuf>,
    out: Option<PathBuf>,
    check: Option<PathBuf>,
) -> Result<()> {
    let with_volume = profile.is_some();
    let profile = match &profile {
        Some(p) => Profile::load(p)?,
        None => Profile::default(),
    };
    let db = open(&conn).await?;
    // No ensure_ok: refusals are documented in the Data Quality section.
    let p = seedbed::prepare(
        &conn.db(&db),
        &conn.filter(),
        &profile,
        Overrides::default(),
    )
    .await?;
    let text = p.doc(with_volume);
    if let Some(path) = check {
        let committed = std::fs::read_to_string(&path).map_err(|e| Error::io(path.display(), e))?;
        if let Err(diff) = seedbed::check_doc(&committed, &text) {
            eprint!("{diff}");
            return Err(Error::OutOfDate(format!(
                "{} is out of date with the schema; regenerate it with `seedbed doc` and the same arguments, --out {}",
                path.display(),
                path.display()
            )));
        }
        return Ok(());
    }
    match out {
        Some(path) => std::fs::write(&path, text).map_err(|e| Error::io(path.display(), e)),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

async fn open(conn: &ConnArgs) -> Result<Database> {
    let db = Database::open(&conn.target()?).await?;
    if conn.keep
        && let Some(cluster) = &db.cluster
    {
        let url = cluster.url("postgres");
        eprintln!("seedbed: throwaway database kept running at {url}");
        if let Some(root) = cluster.root() {
            eprintln!("  look at it:  psql '{url}'");
            eprintln!("  stop it:     seedbed stop {}", root.display());
        }
    }
    Ok(db)
}
