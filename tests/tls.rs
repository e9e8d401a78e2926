//! TLS: a throwaway cluster serving a certificate made at test time (a CA and a server
//! certificate for 127.0.0.1, by the `openssl` command), and seedbed connecting with each
//! `sslmode`.

mod common;

use std::path::Path;
use std::process::Command;

use seedbed::testing::throwaway::ThrowawayCluster;

/// A CA, and a server certificate it signed for 127.0.0.1 and localhost: (ca.crt, server.crt,
/// server.key) as files in `dir`.
fn make_certificates(dir: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the openssl command (.ci/run installs it)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=seedbed test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
        "-out",
        "server.crt",
    ]);
}

struct TlsServer {
    cluster: ThrowawayCluster,
    certs: tempfile::TempDir,
}

fn tls_server() -> TlsServer {
    let certs = tempfile::tempdir().unwrap();
    make_certificates(certs.path());
    let cluster = ThrowawayCluster::start(false).expect("throwaway cluster");
    let read = |f: &str| std::fs::read_to_string(certs.path().join(f)).unwrap();
    cluster
        .enable_tls(&read("server.crt"), &read("server.key"))
        .expect("enable TLS");
    TlsServer { cluster, certs }
}

fn run_seedbed(args: &[&str]) -> std::process::Output {
    common::seedbed_cmd()
        .args(args)
        .output()
        .expect("run seedbed")
}

#[tokio::test(flavor = "multi_thread")]
async fn seeds_over_tls_with_every_sslmode_that_should_work() {
    let server = tls_server();
    let root = server.certs.path().join("ca.crt").display().to_string();
    let base = server.cluster.url("postgres");
    let mut conn = seedbed::testing::connect::connect(&base).await.unwrap();
    let schema = "CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);";
    seedbed::testing::connect::apply_sql(&mut conn, Path::new("notes.sql"), schema)
        .await
        .unwrap();
    for mode in ["prefer", "require", "verify-ca", "verify-full"] {
        let url = format!("{base}?sslmode={mode}&sslrootcert={root}");
        let out = run_seedbed(&["seed", "--database-url", &url, "--truncate", "--quiet"]);
        common::ok(&out);
        // The server saw an encrypted connection for the seed's session: ask over TLS too.
        let check = run_seedbed(&["inspect", "--database-url", &url]);
        common::ok(&check);
    }
    // verify-full against a CA that did not sign the server's certificate: refused.
    let other = tempfile::tempdir().unwrap();
    make_certificates(other.path());
    let wrong = format!(
        "{base}?sslmode=verify-full&sslrootcert={}",
        other.path().join("ca.crt").display()
    );
    let out = run_seedbed(&["inspect", "--database-url", &wrong]);
    assert!(!out.status.success());
    let line = common::error_line(&out);
    assert!(line.contains("cannot connect"), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_connection_is_encrypted() {
    let server = tls_server();
    let url = format!("{}?sslmode=require", server.cluster.url("postgres"));
    let mut conn = seedbed::testing::connect::connect(&url)
        .await
        .expect("connect over TLS");
    let (ssl,): (bool,) =
        sqlx::query_as("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(ssl, "sslmode=require gave an unencrypted connection");
}
