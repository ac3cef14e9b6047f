//! The command line: with no subcommand the binary serves ([`Config`]);
//! `import` and `export` manage a site owner's catalog (docs/catalog.md);
//! `user` the console's accounts.

mod users;

pub use users::UserArgs;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::Config;
use crate::files::formats::{Encoding, Format};
use crate::files::{export, import};
use crate::store::StoreAt;

#[derive(clap::Parser, Debug)]
#[command(
    name = "beltmart-server",
    version,
    about = "Beltmart API server and storefront; `import` and `export` manage the catalog",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: Config,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Import products (JSON Lines or CSV) and/or a taxonomy; a bad row anywhere changes nothing.
    Import(ImportArgs),
    /// Write the catalog's products in the import format (to standard output by default).
    Export(ExportArgs),
    /// Write generated product photos (as factories and phones take them) into a folder,
    /// for trying picture imports: photo-01.jpg … (every 4th a phone's, with EXIF and GPS)
    /// and cutout.png.
    SamplePhotos(SamplePhotosArgs),
    /// The console's accounts: add (prints a one-time link), list, disable, enable, reset.
    User(UserArgs),
}

#[derive(clap::Args, Debug)]
pub struct SamplePhotosArgs {
    /// The folder to write into (created when missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=10_000))]
    pub count: u16,
    /// Pixels on a side.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u16).range(16..=8000))]
    pub side: u16,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The catalog; a missing file is created with the built-in taxonomy and no products.
    #[arg(long, env = "BELTMART_DB", default_value = "data/beltmart.sqlite")]
    pub db: StoreAt,
    /// `replace`: the file becomes the whole catalog. `upsert`: add and update by id; rows with remove=true remove.
    #[arg(long, value_enum, default_value_t = import::Mode::Replace)]
    pub mode: import::Mode,
    /// Check everything and report what would change, changing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The file's format; by default from its extension (.jsonl, .csv).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// CSV text encoding; `auto` takes UTF-8 (BOM or not) and falls back to GBK/GB18030.
    #[arg(long, value_enum, default_value_t = Encoding::Auto)]
    pub encoding: Encoding,
    /// Suppliers (JSON Lines or CSV, docs/catalog.md) to import in the same transaction.
    #[arg(long, value_name = "FILE")]
    pub suppliers: Option<PathBuf>,
    /// Replace the taxonomy with this file (the shape of GET /api/v1/taxonomy), in the same transaction.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// The folder that picture paths in the products file (photos/shoe.jpg) are relative to;
    /// by default the products file's own folder.
    #[arg(long, value_name = "DIR")]
    pub images: Option<PathBuf>,
    /// Fetch the pictures that rows name by http(s) URL and store them like files
    /// (otherwise URLs are shown as links).
    #[arg(long)]
    pub fetch_images: bool,
    /// The products: a .jsonl or .csv file, or `-` for standard input.
    #[arg(value_name = "FILE", required_unless_present_any = ["taxonomy", "suppliers"])]
    pub file: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[arg(long, env = "BELTMART_DB", default_value = "data/beltmart.sqlite")]
    pub db: StoreAt,
    /// By default from --output's extension, else JSON Lines.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Where to write; standard output by default.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the suppliers instead of the products.
    #[arg(long)]
    pub suppliers: bool,
}

/// Exit code 1: the import found bad rows (and changed nothing) or failed.
pub fn run_import(args: ImportArgs) -> ExitCode {
    let options = import::Options {
        db: args.db,
        mode: args.mode,
        dry_run: args.dry_run,
        format: args.format,
        encoding: args.encoding,
        taxonomy: args.taxonomy,
        suppliers: args.suppliers,
        file: args.file,
        images: args.images,
        fetch_images: args.fetch_images,
        scope: None,
        label: None,
    };
    match import::run(&options) {
        Ok(report) => {
            println!("{report}");
            if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(err) => {
            let err = format!("{err:#}");
            let hint = if err.contains("disk is full") {
                "\nThe disk that holds the catalog is full: free some space there, then import again."
            } else {
                ""
            };
            eprintln!("beltmart-server import: {err}{hint}\nNothing was changed.");
            ExitCode::FAILURE
        }
    }
}

pub fn run_export(args: ExportArgs) -> ExitCode {
    let db = args.db;
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::Jsonl);
    let what = match args.suppliers {
        true => export::What::Suppliers,
        false => export::What::Products,
    };
    let written = match &args.output {
        None => export::run(&db, what, format, std::io::stdout().lock()),
        Some(path) => std::fs::File::create(path)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))
            .and_then(|file| export::run(&db, what, format, file)),
    };
    match written {
        Ok(count) => {
            if let Some(path) = &args.output {
                let things = match what {
                    export::What::Suppliers => "supplier(s)",
                    export::What::Products => "product(s)",
                };
                eprintln!("exported {count} {things} to {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("beltmart-server export: {err:#}");
            ExitCode::FAILURE
        }
    }
}

pub fn run_user(args: UserArgs) -> ExitCode {
    users::run(args)
}

pub fn run_sample_photos(args: SamplePhotosArgs) -> ExitCode {
    use crate::pictures::samples::{self, Shot};
    let digits = args.count.to_string().len().max(2);
    let shot = |n: u16| Shot {
        width: args.side,
        height: args.side,
        hue: n.wrapping_mul(47) % 360,
        seed: u32::from(n),
        phone: n.is_multiple_of(4),
    };
    let files = (1..=args.count)
        .map(|n| (format!("photo-{n:0digits$}.jpg"), samples::jpeg(&shot(n))))
        .chain(std::iter::once((
            "cutout.png".to_owned(),
            samples::png_cutout(&shot(0)),
        )));
    let written = std::fs::create_dir_all(&args.dir).and_then(|()| {
        files
            .map(|(name, bytes)| std::fs::write(args.dir.join(name), bytes))
            .collect::<std::io::Result<Vec<()>>>()
    });
    match written {
        Ok(made) => {
            eprintln!("wrote {} photo(s) to {}", made.len(), args.dir.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!(
                "beltmart-server sample-photos: {}: {err}",
                args.dir.display()
            );
            ExitCode::FAILURE
        }
    }
}
