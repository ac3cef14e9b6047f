use std::process::ExitCode;

use beltmart_server::LogFormat;
use beltmart_server::cli::{self, Cli, Command};
use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Keeps freed memory for the next request instead of handing it back to the
/// kernel and faulting it in again (glibc does, for blocks past 128 KB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.command.is_none() && cli.serve.log_format == LogFormat::Json;
    init_logs(json);
    // Imports and exports are plain blocking programs: no runtime (the
    // PostgreSQL client starts its own).
    match cli.command {
        Some(Command::Import(args)) => cli::run_import(args),
        Some(Command::Export(args)) => cli::run_export(args),
        Some(Command::SamplePhotos(args)) => cli::run_sample_photos(args),
        Some(Command::User(args)) => cli::run_user(args),
        None => match tokio::runtime::Runtime::new() {
            Ok(runtime) => runtime.block_on(serve(cli.serve)),
            Err(err) => {
                eprintln!("beltmart-server: cannot start: {err}");
                ExitCode::FAILURE
            }
        },
    }
}

async fn serve(config: beltmart_server::Config) -> ExitCode {
    let bound = match beltmart_server::bind(&config).await {
        Ok(bound) => bound,
        Err(err) => {
            eprintln!("beltmart-server: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built SPA: serving the API only (build it with `trunk build --release`)");
    }
    println!("Beltmart is running at http://{}/", bound.addr);
    match bound.serve(beltmart_server::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("beltmart-server: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Libraries whose debug logs write what they carry (a query's parameters, a
/// mail's recipients): contact details and secrets. They log at `info` at most,
/// whatever `RUST_LOG` says.
const QUIET: [&str; 4] = [
    "tokio_postgres=info",
    "postgres=info",
    "lettre=info",
    "ureq=info",
];

/// Logs to standard error, as text or one JSON object a line (`--log-format json`);
/// `RUST_LOG` chooses what is logged.
fn init_logs(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let filter = QUIET.iter().fold(filter, |filter, quiet| {
        filter.add_directive(quiet.parse().expect("a directive"))
    });
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        logs.json().init();
    } else {
        logs.init();
    }
}
