//! A throwaway PostgreSQL cluster: `initdb` into a temporary directory, start on a free port on
//! loopback, and stop and remove everything when dropped.
//!
//! This is what makes `seedbed seed --schema-file schemas/ddx.sql` work with nothing set up, and
//! what the tests fall back to when `DATABASE_URL` is not set. PostgreSQL refuses to run as root,
//! so when we are root the server runs as the `postgres` user.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// A PostgreSQL cluster of our own, on a free loopback port, removed when dropped.
pub struct ThrowawayCluster {
    dir: Option<tempfile::TempDir>,
    data: PathBuf,
    bin: PathBuf,
    port: u16,
    run_as: Option<(u32, u32)>,
    keep: bool,
}

impl ThrowawayCluster {
    /// Create and start a cluster. With `keep`, it is left running at drop (its URL printed by
    /// the caller) instead of being stopped and removed.
    pub fn start(keep: bool) -> Result<ThrowawayCluster> {
        let bin = find_bin_dir()?;
        let run_as = if is_root() {
            Some(lookup_user("postgres").ok_or_else(|| {
                Error::Throwaway(
                    "running as root and there is no `postgres` user to run the server as; create one (useradd postgres) or run seedbed as an ordinary user".into(),
                )
            })?)
        } else {
            None
        };
        let dir = tempfile::Builder::new()
            // The owner's pid in the name says whose cluster a directory is.
            .prefix(&format!("seedbed-pg-{}-", std::process::id()))
            .tempdir()
            .map_err(|e| Error::Throwaway(format!("creating a temporary directory: {e}")))?;
        let root = dir.path().to_path_buf();
        if let Some((uid, gid)) = run_as {
            std::os::unix::fs::chown(&root, Some(uid), Some(gid))
                .map_err(|e| Error::Throwaway(format!("chown {}: {e}", root.display())))?;
        }
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::Throwaway(format!("chmod {}: {e}", root.display())))?;
        let data = root.join("data");
        let mut cluster = ThrowawayCluster {
            dir: Some(dir),
            data,
            bin,
            port: 0,
            run_as,
            keep,
        };
        cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data.display().to_string(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
        )?;
        // A port that was free a moment ago; a race with another process is possible but
        // harmless: pg_ctl then fails and says so.
        cluster.port = free_port()?;
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=4GB",
            cluster.port,
            root.display()
        );
        let log = root.join("server.log").display().to_string();
        cluster.run(
            "pg_ctl",
            &[
                "-D",
                &cluster.data.display().to_string(),
                "-l",
                &log,
                "-o",
                &opts,
                "-w",
                "-t",
                "60",
                "start",
            ],
        )?;
        Ok(cluster)
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serve TLS with this certificate chain and key (PEM): the files go into the data
    /// directory, owned by the server's user and private to it, `ssl = on` is set and the
    /// server reloads. Plain connections keep working; clients choose with `sslmode`.
    pub fn enable_tls(&self, cert_pem: &str, key_pem: &str) -> Result<()> {
        for (name, text) in [("server.crt", cert_pem), ("server.key", key_pem)] {
            let path = self.data.join(name);
            std::fs::write(&path, text).map_err(|e| Error::io(path.display(), e))?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| Error::io(path.display(), e))?;
            if let Some((uid, gid)) = self.run_as {
                std::os::unix::fs::chown(&path, Some(uid), Some(gid))
                    .map_err(|e| Error::io(path.display(), e))?;
            }
        }
        let conf = self.data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).map_err(|e| Error::io(conf.display(), e))?;
        text.push_str("\nssl = on\n");
        std::fs::write(&conf, text).map_err(|e| Error::io(conf.display(), e))?;
        self.run(
            "pg_ctl",
            &["-D", &self.data.display().to_string(), "-w", "reload"],
        )
    }

    /// The cluster's directory (data directory, socket and log inside): what
    /// [`stop_kept`] takes.
    pub fn root(&self) -> Option<&Path> {
        self.dir.as_ref().map(|d| d.path())
    }

    /// Connection URL for `database` on this cluster.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{}", self.port, database)
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<()> {
        let mut cmd = Command::new(self.bin.join(tool));
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Keep the server out of our process group so a terminal Ctrl-C reaches us, and we
            // stop it in order, rather than the server dying mid-statement.
            .process_group(0)
            .env("LC_ALL", "C");
        if let Some((uid, gid)) = self.run_as {
            cmd.uid(uid).gid(gid).current_dir("/");
        }
        let out = cmd
            .output()
            .map_err(|e| Error::Throwaway(format!("running {tool}: {e}")))?;
        if out.status.success() {
            Ok(())
        } else {
            let mut msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
            if msg.is_empty() {
                msg = String::from_utf8_lossy(&out.stdout).trim().to_string();
            }
            let last = msg.lines().last().unwrap_or("failed").to_string();
            Err(Error::Throwaway(format!("{tool} failed: {last}")))
        }
    }

    /// Hand the cluster over to a detached watchdog that stops it and removes its directory once
    /// process `pid` has exited, and return without stopping it.
    ///
    /// For holders that are never dropped, such as a test harness keeping one cluster in a
    /// `static` for the life of a test binary (statics are not dropped at exit). The watchdog is
    /// a `sh` loop in its own process group with no stdio (so it neither holds a caller's output
    /// pipe open nor receives the terminal's Ctrl-C), run as the server's user.
    pub fn stop_when_process_exits(mut self, pid: u32) -> Result<()> {
        let root = match &self.dir {
            Some(d) => d.path().to_path_buf(),
            None => {
                return Err(Error::Throwaway(
                    "cluster directory already released".into(),
                ));
            }
        };
        // `/proc/PID` rather than `kill -0`: the watchdog may run as `postgres`, which is not
        // allowed to signal a root process, and `kill -0` would then report it gone at once.
        let script = r#"while [ -e "/proc/$1" ]; do sleep 1; done; "$2" -D "$3" -m immediate -w stop >/dev/null 2>&1; rm -rf "$4""#;
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(script)
            .arg("seedbed-watchdog")
            .arg(pid.to_string())
            .arg(self.bin.join("pg_ctl"))
            .arg(&self.data)
            .arg(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .env("LC_ALL", "C");
        if let Some((uid, gid)) = self.run_as {
            cmd.uid(uid).gid(gid).current_dir("/");
        }
        cmd.spawn()
            .map_err(|e| Error::Throwaway(format!("starting the cleanup watchdog: {e}")))?;
        // From here on the watchdog owns the server and the directory: drop without stopping.
        self.keep = true;
        Ok(())
    }

    fn stop(&self) {
        let _ = self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data.display().to_string(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }
}

impl Drop for ThrowawayCluster {
    fn drop(&mut self) {
        if self.keep {
            // Leave the directory and the server behind on purpose.
            if let Some(dir) = self.dir.take() {
                let _ = dir.keep();
            }
            return;
        }
        self.stop();
        // TempDir's own drop removes the directory.
    }
}

/// Stop a cluster left running by `--keep` and remove its directory. Refuses a directory that
/// is not one of ours (no `seedbed-pg-` name, or no `data/PG_VERSION` inside), so a mistyped
/// path cannot delete anything else.
pub fn stop_kept(root: &Path) -> Result<()> {
    let name = root.file_name().map(|n| n.to_string_lossy().into_owned());
    let data = root.join("data");
    if !name.is_some_and(|n| n.starts_with("seedbed-pg-")) || !data.join("PG_VERSION").exists() {
        return Err(Error::Throwaway(format!(
            "{} is not a throwaway cluster of seedbed's (expected a seedbed-pg-… directory holding data/PG_VERSION)",
            root.display()
        )));
    }
    let run_as = if is_root() {
        lookup_user("postgres")
    } else {
        None
    };
    let cluster = ThrowawayCluster {
        dir: None,
        data: data.clone(),
        bin: find_bin_dir()?,
        port: 0,
        run_as,
        keep: true,
    };
    // Already stopped is fine: the goal is a stopped server and no directory.
    if data.join("postmaster.pid").exists() {
        cluster.run(
            "pg_ctl",
            &[
                "-D",
                &data.display().to_string(),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        )?;
    }
    std::fs::remove_dir_all(root).map_err(|e| Error::io(root.display(), e))
}

fn is_root() -> bool {
    // SAFETY-free check: the effective uid of this process, from /proc.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// uid and gid of a user from /etc/passwd.
fn lookup_user(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.len() > 3 && f[0] == name).then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))?
    })
}

/// Find a directory holding both `initdb` and `pg_ctl`: `PATH` first, then the newest
/// `/usr/lib/postgresql/*/bin` (Debian's layout, where they are not on PATH).
///
/// When `SEEDBED_PG_BIN` is set (and not empty), that directory is the only place searched: it
/// picks one installed version among several, and lets tests simulate missing binaries.
pub fn find_bin_dir() -> Result<PathBuf> {
    let has_tools = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("SEEDBED_PG_BIN").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return if has_tools(&dir) {
            Ok(dir)
        } else {
            Err(Error::Throwaway(format!(
                "PostgreSQL server binaries (initdb, pg_ctl) not found in SEEDBED_PG_BIN={}; point it at a PostgreSQL bin directory, unset it, or pass --database-url",
                dir.display()
            )))
        };
    }
    if let Some(path) = std::env::var_os("PATH") {
        for d in std::env::split_paths(&path) {
            if has_tools(&d) {
                return Ok(d);
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            has_tools(&bin).then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, p)| p).ok_or_else(|| {
        Error::Throwaway(
            "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin; install them (Debian: apt-get install postgresql) or pass --database-url".into(),
        )
    })
}

fn free_port() -> Result<u16> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Error::Throwaway(format!("finding a free port: {e}")))
}
