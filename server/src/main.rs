use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = beltmart_server::Config::parse();
    let bound = match beltmart_server::bind(&config).await {
        Ok(bound) => bound,
        Err(err) => {
            eprintln!("beltmart-server: {err:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built SPA: serving the API only (build it with `trunk build --release`)");
    }
    println!("Beltmart is running at http://{}/", bound.addr);
    match bound.serve(beltmart_server::shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("beltmart-server: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
