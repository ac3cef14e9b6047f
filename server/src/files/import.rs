//! `beltmart-server import`: read a file row by row, check every row, stage the
//! good ones in the store's transaction, and commit only if no row was bad.
//! Memory stays bounded whatever the file's size: rows stream through, staged
//! rows live in the database's temporary storage, and the report keeps at most
//! [`REPORT_CAP`] problems (counting the rest).

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use beltmart_contract as api;

use super::formats::{self, Counted, Encoding, Format};
use super::pictures::Folder;
use super::suppliers;
use super::validate::{self, Checked, FieldError, Known};
use crate::domain::product;
use crate::progress::Progress;
use crate::store::import_sql as sql;
use crate::store::{Staging, StoreAt};

/// Problems listed in a report; past this, they are counted.
pub const REPORT_CAP: usize = 100;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// The file becomes the whole catalog: products not in it are removed.
    #[default]
    Replace,
    /// Adds and updates by id; rows with `"remove": true` remove products.
    Upsert,
}

/// What an import changes (or, in a dry run, would change).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    /// Removal rows naming products the catalog does not have (nothing to do).
    pub missing_removals: u64,
    /// Products in the catalog afterwards.
    pub total: u64,
    /// Suppliers in the catalog afterwards.
    pub suppliers: u64,
    /// Pictures the import stored that the catalog did not have.
    pub pictures: u64,
}

/// One problem: where (a line, a product, a place in the taxonomy file), which field, what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    pub field: String,
    pub message: String,
}

/// What `import` did, or why it did nothing.
#[derive(Debug, Default)]
pub struct Report {
    pub source: String,
    pub rows: u64,
    /// Rows with at least one problem.
    pub bad_rows: u64,
    /// The first [`REPORT_CAP`] problems.
    pub problems: Vec<Problem>,
    /// Problems past the cap.
    pub more_problems: u64,
    pub plan: Plan,
    pub dry_run: bool,
    /// The new catalog version, when the import committed.
    pub committed: Option<String>,
}

impl Report {
    pub fn is_ok(&self) -> bool {
        self.bad_rows == 0 && self.problems.is_empty()
    }

    fn problem(&mut self, place: String, field: String, message: String) {
        if self.problems.len() < REPORT_CAP {
            self.problems.push(Problem {
                place,
                field,
                message,
            });
        } else {
            self.more_problems += 1;
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Plan {
            added,
            updated,
            removed,
            missing_removals,
            total,
            suppliers,
            pictures,
        } = self.plan;
        if !self.is_ok() {
            let rows = if self.bad_rows > 0 {
                format!("{} bad row(s) of {}", self.bad_rows, self.rows)
            } else {
                "problems".to_owned()
            };
            writeln!(f, "{}: {rows}; nothing was changed.", self.source)?;
            for p in &self.problems {
                writeln!(f, "  {}, {}: {}", p.place, p.field, p.message)?;
            }
            if self.more_problems > 0 {
                writeln!(
                    f,
                    "  … and {} more problem(s) not listed",
                    self.more_problems
                )?;
            }
            return write!(
                f,
                "Fix these and import again; see docs/catalog.md for every field."
            );
        }
        let verb = if self.dry_run { "would add" } else { "added" };
        write!(
            f,
            "{}: {} row(s), all valid; {verb} {added}, updated {updated}, removed {removed}; {total} product(s) from {suppliers} supplier(s) in the catalog",
            self.source, self.rows
        )?;
        if pictures > 0 {
            let verb = if self.dry_run {
                "would store"
            } else {
                "stored"
            };
            write!(f, "; {verb} {pictures} new picture(s)")?;
        }
        if missing_removals > 0 {
            write!(
                f,
                " ({missing_removals} removal(s) named products that were not there)"
            )?;
        }
        match (&self.committed, self.dry_run) {
            (_, true) => write!(f, ".\nDry run: nothing was changed."),
            (Some(version), false) => write!(
                f,
                ".\nCommitted as catalog version {version}; running servers switch to it once loaded (about a second per 100 000 products)."
            ),
            (None, false) => write!(f, "."),
        }
    }
}

/// A file that cannot be read as a catalog at all (its header, its
/// encoding), rather than a row's problem: nothing changes, and this says why.
#[derive(Debug)]
pub struct Unreadable(pub String);

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreadable {}

/// What to import, as the command line says.
#[derive(Clone, Debug)]
pub struct Options {
    pub db: StoreAt,
    pub mode: Mode,
    pub dry_run: bool,
    /// From the file name when `None`.
    pub format: Option<Format>,
    pub encoding: Encoding,
    /// A taxonomy file (in the shape of `GET /api/v1/taxonomy`) to replace the current one.
    pub taxonomy: Option<PathBuf>,
    /// A suppliers file (JSON Lines or CSV), imported in the same transaction.
    pub suppliers: Option<PathBuf>,
    /// The products file, `-` for standard input; `None` with `--taxonomy` or `--suppliers` alone.
    pub file: Option<PathBuf>,
    /// Where the picture files that rows name are; `None`: the products file's folder.
    pub images: Option<PathBuf>,
    /// Pictures named by http(s) URL are fetched and stored, not linked.
    pub fetch_images: bool,
    /// A factory's import: only the products of this supplier may be added,
    /// changed or removed (a replace replaces only them), and rows that name
    /// no supplier are its own.
    pub scope: Option<String>,
    /// What the report calls the file (an upload's name), instead of its path.
    pub label: Option<String>,
}

impl Options {
    /// The folder picture paths are relative to.
    fn images_folder(&self) -> PathBuf {
        let beside_file = self
            .file
            .as_deref()
            .filter(|f| *f != Path::new("-"))
            .and_then(Path::parent)
            .filter(|dir| !dir.as_os_str().is_empty());
        match (&self.images, beside_file) {
            (Some(dir), _) => dir.clone(),
            (None, Some(dir)) => dir.to_owned(),
            (None, None) => PathBuf::from("."),
        }
    }
}

/// Runs an import. `Err` is a failure to run at all (no such file, the
/// database busy or broken); bad rows are in the `Ok` report, which then did not commit.
pub fn run(options: &Options) -> anyhow::Result<Report> {
    let mut import = options.db.begin_import()?;
    let mut report = Report {
        source: source(options),
        dry_run: options.dry_run,
        ..Report::default()
    };
    let taxonomy = match &options.taxonomy {
        Some(path) => {
            let taxonomy = read_taxonomy(path, &mut report)?;
            let Some(taxonomy) = taxonomy.filter(|_| report.is_ok()) else {
                return Ok(report);
            };
            import.replace_taxonomy(&taxonomy)?;
            taxonomy
        }
        None => import.taxonomy()?,
    };
    let known = Known::new(&taxonomy);
    if let Some(path) = &options.suppliers {
        stage_suppliers(import.as_mut(), path, options, &known, &mut report)?;
    }
    let mut names = SupplierNames::default();
    let mut folder = Folder::new(options.images_folder(), options.fetch_images);
    if options.label.is_some() {
        folder = folder.shown_as("the upload");
    }
    if let Some(file) = &options.file {
        let mut staged = Staged {
            known: &known,
            names: &mut names,
            folder: &mut folder,
            scope: options.scope.as_deref(),
        };
        stage_file(import.as_mut(), file, options, &mut staged, &mut report)?;
    }
    if let Some(own) = &options.scope {
        check_scope(import.as_mut(), own, &mut report)?;
    }
    check_suppliers_named(import.as_mut(), &mut report)?;
    if !report.is_ok() {
        return Ok(report);
    }
    match &options.file {
        Some(_) => {
            let scope = options.scope.as_deref();
            report.plan = plan(import.as_mut(), options.mode, scope)?;
            report.plan.pictures = folder.added;
            apply(import.as_mut(), options.mode, scope)?;
        }
        // Suppliers or a taxonomy alone: every product stays, and must still fit them.
        None => report.plan.total = import.count(sql::COUNT_PRODUCTS)?,
    }
    apply_suppliers(import.as_mut(), options)?;
    report.plan.suppliers = import.count(sql::COUNT_SUPPLIERS)?;
    for (id, supplier) in import.pairs(&sql::orphans(REPORT_CAP), &[])? {
        report.problem(
            format!("product {id}"),
            "supplier.id".into(),
            format!("names supplier {supplier:?}, which this import removes; keep the supplier, or change or remove the product in the same import"),
        );
    }
    for (place, field, value) in dangling(import.as_mut(), &taxonomy, REPORT_CAP)? {
        report.problem(
            place,
            field.to_owned(),
            format!("{value:?} is not in the new taxonomy; keep it there, or change or remove the product in the same import"),
        );
    }
    if !report.is_ok() || options.dry_run {
        return Ok(report); // dropping `import` rolls everything back
    }
    report.committed = Some(commit(import)?);
    Ok(report)
}

/// The import's files, as its report names them.
fn source(options: &Options) -> String {
    if let Some(label) = &options.label {
        return label.clone();
    }
    let files: Vec<String> = [&options.taxonomy, &options.suppliers, &options.file]
        .into_iter()
        .flatten()
        .map(|p| p.display().to_string())
        .collect();
    match files.is_empty() {
        true => "-".to_owned(),
        false => files.join(" + "),
    }
}

/// No problem for a row staged fresh; for an id a line before staged, the
/// problem that names that line. `sql` finds the line ([`sql::STAGED_LINE`],
/// [`sql::STAGED_SUPPLIER_LINE`]); `what` is "product" or "supplier".
fn duplicate(
    import: &mut dyn Staging,
    fresh: bool,
    sql: &str,
    id: &str,
    what: &str,
) -> anyhow::Result<Vec<FieldError>> {
    if fresh {
        return Ok(Vec::new());
    }
    let first_line = import.staged_line(sql, id)?;
    Ok(vec![FieldError::new(
        "id",
        format!("{id:?} is already on line {first_line}; each {what} appears once per file"),
    )])
}

/// Finds the supplier a product names without an id (by its name in its
/// belt), or makes one, `derived`, with an id from the belt and name
/// (`f-3fa2c1d0`), so that the same file makes the same ids in any row order.
#[derive(Default)]
struct SupplierNames {
    found: std::collections::HashMap<(String, String), String>,
}

impl SupplierNames {
    /// The id of the supplier `product` names, made (and staged) when missing.
    fn resolve(
        &mut self,
        import: &mut dyn Staging,
        line: u64,
        product: &product::Product,
    ) -> anyhow::Result<String> {
        let s = &product.supplier;
        let key = (product.belt.clone(), s.name.clone());
        if let Some(id) = self.found.get(&key) {
            return Ok(id.clone());
        }
        let id = match import.text(sql::SUPPLIER_NAMED, &[&key.0, &key.1])? {
            Some(id) => id,
            None => {
                let id = free_id(import, &derived_id(&key.0, &key.1))?;
                let derived = api::SupplierProfile {
                    id: id.clone(),
                    name: s.name.clone(),
                    city: product.city.clone(),
                    belt: product.belt.clone(),
                    kinds: vec![s.kind.clone()],
                    founded: None,
                    years: s.years,
                    facts: Default::default(),
                    certificates: Vec::new(),
                    audits: Vec::new(),
                };
                import.stage_supplier(line, &derived, true)?;
                id
            }
        };
        self.found.insert(key, id.clone());
        Ok(id)
    }
}

/// `f-` and 32 bits of FNV-1a over the belt and the name: stable across runs,
/// platforms and stores (a lookup key, not a secret).
fn derived_id(belt: &str, name: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in belt.bytes().chain([0]).chain(name.bytes()) {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    format!("f-{hash:08x}")
}

/// `id`, or with `-2`, `-3` … when another supplier has it.
fn free_id(import: &mut dyn Staging, id: &str) -> anyhow::Result<String> {
    let mut candidate = id.to_owned();
    for n in 2.. {
        if import
            .text(sql::SUPPLIER_ID_TAKEN, &[&candidate])?
            .is_none()
        {
            break;
        }
        candidate = format!("{id}-{n}");
    }
    Ok(candidate)
}

/// Staged products naming a supplier that neither the files nor the catalog
/// have: a row error each.
fn check_suppliers_named(import: &mut dyn Staging, report: &mut Report) -> anyhow::Result<()> {
    for (line, supplier) in import.pairs(&sql::unknown_suppliers(REPORT_CAP), &[])? {
        report.bad_rows += 1;
        report.problem(
            format!("line {line}"),
            "supplier.id".into(),
            format!("{supplier:?} is not a supplier of the catalog or of the suppliers file; import its suppliers file with --suppliers, or leave supplier.id out to find or make the supplier by supplier.name"),
        );
    }
    for (line, name) in import.pairs(sql::DUPLICATE_SUPPLIER_NAMES, &[])? {
        report.bad_rows += 1;
        report.problem(
            format!("suppliers line {line}"),
            "name".into(),
            format!("{name:?} is the name of another supplier of the same belt; each factory of a belt has its own name"),
        );
    }
    Ok(())
}

/// Applies the staged suppliers (still uncommitted): a suppliers file in
/// replace mode is the whole list; suppliers made from products' names go
/// when no product names them any more.
fn apply_suppliers(import: &mut dyn Staging, options: &Options) -> anyhow::Result<()> {
    if options.suppliers.is_some() && options.mode == Mode::Replace {
        import.execute(sql::DELETE_SUPPLIERS_NOT_STAGED, &[])?;
    }
    import.execute(sql::DELETE_SUPPLIERS_REMOVED, &[])?;
    import.execute(sql::UPSERT_STAGED_SUPPLIERS, &[])?;
    import.execute(sql::DELETE_UNUSED_DERIVED, &[])?;
    Ok(())
}

/// A factory's rows that name a product of another supplier: a row error
/// each, which says no more than that the id is not the factory's.
fn check_scope(import: &mut dyn Staging, own: &str, report: &mut Report) -> anyhow::Result<()> {
    for (line, id) in import.pairs(sql::STAGED_OF_OTHERS, &[own])? {
        report.bad_rows += 1;
        report.problem(
            format!("line {line}"),
            "id".into(),
            format!("{id:?} is not one of your products; choose another id"),
        );
    }
    Ok(())
}

/// What committing would change.
fn plan(import: &mut dyn Staging, mode: Mode, scope: Option<&str>) -> anyhow::Result<Plan> {
    let updated = import.count(sql::COUNT_UPDATED)?;
    let added = import.count(sql::COUNT_ADDED)?;
    let removed = match (mode, scope) {
        (Mode::Replace, None) => import.count(sql::COUNT_NOT_STAGED)?,
        (Mode::Replace, Some(own)) => count_of(import, sql::COUNT_NOT_STAGED_OF, own)?,
        (Mode::Upsert, _) => import.count(sql::COUNT_REMOVED)?,
    };
    let missing_removals = import.count(sql::COUNT_MISSING_REMOVALS)?;
    let before = match scope {
        None => import.count(sql::COUNT_PRODUCTS)?,
        Some(own) => count_of(import, sql::COUNT_PRODUCTS_OF, own)?,
    };
    let total = before + added - removed;
    Ok(Plan {
        suppliers: 0,
        pictures: 0,
        added,
        updated,
        removed,
        missing_removals,
        total,
    })
}

/// A count (as text) of supplier `own`'s products.
fn count_of(import: &mut dyn Staging, sql: &str, own: &str) -> anyhow::Result<u64> {
    let count = import.text(sql, &[own])?;
    Ok(count.and_then(|count| count.parse().ok()).unwrap_or(0))
}

impl From<&Report> for api::ImportReport {
    fn from(report: &Report) -> api::ImportReport {
        let plan = &report.plan;
        api::ImportReport {
            ok: report.is_ok(),
            dry_run: report.dry_run,
            rows: report.rows,
            bad_rows: report.bad_rows,
            problems: (report.problems.iter())
                .map(|p| api::ImportProblem {
                    place: p.place.clone(),
                    field: p.field.clone(),
                    message: p.message.clone(),
                })
                .collect(),
            more_problems: report.more_problems,
            added: plan.added,
            updated: plan.updated,
            removed: plan.removed,
            total: plan.total,
            pictures: plan.pictures,
            committed: report.committed.clone(),
        }
    }
}

/// Applies the staged rows to the products (still uncommitted).
fn apply(import: &mut dyn Staging, mode: Mode, scope: Option<&str>) -> anyhow::Result<()> {
    match (mode, scope) {
        (Mode::Replace, None) => import.execute(sql::DELETE_NOT_STAGED, &[])?,
        (Mode::Replace, Some(own)) => import.execute(sql::DELETE_NOT_STAGED_OF, &[own])?,
        (Mode::Upsert, _) => 0,
    };
    import.execute(sql::DELETE_REMOVED, &[])?;
    import.execute(&sql::upsert_staged(product::today()), &[])?;
    for statement in [
        sql::DELETE_OLD_PICTURE_USES,
        sql::INSERT_PICTURE_USES,
        sql::DELETE_UNUSED_VARIANTS,
        sql::DELETE_UNUSED_PICTURES,
    ] {
        import.execute(statement, &[])?;
    }
    Ok(())
}

/// Products (after [`apply`]) whose category, belt or goods kind, and
/// suppliers whose belt, `taxonomy` does not have: (place, field, value), at
/// most `limit`, in id order.
fn dangling(
    import: &mut dyn Staging,
    taxonomy: &api::Taxonomy,
    limit: usize,
) -> anyhow::Result<Vec<(String, &'static str, String)>> {
    let leaves = taxonomy.categories.iter().flat_map(|top| &top.children);
    let known: [(&str, &str, Vec<&str>); 3] = [
        (
            "category",
            "category_id",
            leaves.map(|c| c.id.as_str()).collect(),
        ),
        (
            "belt",
            "belt_id",
            taxonomy.all_belts().map(|(_, b)| b.id.as_str()).collect(),
        ),
        (
            "goods_kind",
            "goods_kind",
            taxonomy.goods_kinds.iter().map(|k| k.id.as_str()).collect(),
        ),
    ];
    import.execute(sql::CREATE_KNOWN, &[])?;
    let mut found = Vec::new();
    for (field, column, ids) in known {
        for id in ids {
            import.execute(sql::INSERT_KNOWN, &[column, id])?;
        }
        let rows = import.pairs(&sql::dangling("products", column, limit), &[])?;
        found.extend(
            rows.into_iter()
                .map(|(id, value)| (format!("product {id}"), field, value)),
        );
    }
    let rows = import.pairs(&sql::dangling("suppliers", "belt_id", limit), &[])?;
    found.extend(
        rows.into_iter()
            .map(|(id, belt)| (format!("supplier {id}"), "belt", belt)),
    );
    found.truncate(limit);
    Ok(found)
}

/// Makes the import the catalog under a new version, and returns it.
fn commit(mut import: Box<dyn Staging>) -> anyhow::Result<String> {
    let seq: u64 = import
        .text(sql::META, &["imports"])?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        + 1;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let version = format!("i{seq}-{:06x}", nanos & 0xff_ffff);
    import.execute(sql::SET_META, &["imports", &seq.to_string()])?;
    import.execute(sql::SET_META, &["catalog_version", &version])?;
    import.commit(&version)?;
    Ok(version)
}

/// The taxonomy file, its problems added to `report`; `None` when it is not a taxonomy at all.
fn read_taxonomy(path: &Path, report: &mut Report) -> anyhow::Result<Option<api::Taxonomy>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the taxonomy file {}", path.display()))?;
    let taxonomy: api::Taxonomy = match serde_json::from_str(&text) {
        Ok(t) => t,
        Err(err) => {
            report.problem(
                format!("{} line {}", path.display(), err.line()),
                "(taxonomy)".into(),
                format!("is not a taxonomy in the shape of GET /api/v1/taxonomy: {err}"),
            );
            return Ok(None);
        }
    };
    for (place, message) in validate::check_taxonomy(&taxonomy) {
        report.problem(
            format!("{} {place}", path.display()),
            "(taxonomy)".into(),
            message,
        );
    }
    Ok(Some(taxonomy))
}

/// A file being read: its bytes (counted, for the progress bar) and its format.
struct Opened {
    input: Counted<Box<dyn Read>>,
    progress: Progress,
    read: Arc<AtomicU64>,
    format: Format,
}

fn open(file: &Path, options: &Options) -> anyhow::Result<Opened> {
    let format = match (options.format, Format::from_path(file)) {
        (Some(format), _) | (None, Some(format)) => format,
        (None, None) => anyhow::bail!(
            "cannot tell the format of {}: name it .jsonl or .csv, or pass --format jsonl|csv",
            file.display()
        ),
    };
    let (input, size): (Box<dyn Read>, u64) = if file == Path::new("-") {
        (Box::new(std::io::stdin()), 0)
    } else {
        let f =
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        let size = f.metadata().map_or(0, |m| m.len());
        if size > formats::MAX_FILE_BYTES {
            anyhow::bail!(
                "{} is {} MB, larger than any catalog this server takes ({} GB); split it and import the parts with --mode upsert",
                file.display(),
                size >> 20,
                formats::MAX_FILE_BYTES >> 30
            );
        }
        (Box::new(f), size)
    };
    let (input, read) = Counted::new(input);
    let progress = Progress::new("importing", size);
    Ok(Opened {
        input,
        progress,
        read,
        format,
    })
}

/// Adds a row's problems to the report, at `place`.
fn report_row(report: &mut Report, place: String, format: Format, errors: Vec<FieldError>) {
    if errors.is_empty() {
        return;
    }
    report.bad_rows += 1;
    for e in errors {
        report.problem(place.clone(), format.field_name(&e.field), e.message);
    }
}

fn stage_suppliers(
    import: &mut dyn Staging,
    file: &Path,
    options: &Options,
    known: &Known,
    report: &mut Report,
) -> anyhow::Result<()> {
    let Opened {
        input,
        mut progress,
        read,
        format,
    } = open(file, options)?;
    let upsert = options.mode == Mode::Upsert;
    let name = options
        .label
        .clone()
        .unwrap_or_else(|| file.display().to_string());
    let unreadable = |e: anyhow::Error| Unreadable(format!("{name}: {e:#}"));
    let rows = suppliers::rows(Box::new(input), format, options.encoding).map_err(unreadable)?;
    for row in rows {
        let row = row.map_err(unreadable)?;
        report.rows += 1;
        let errors = match row.object.map(|o| suppliers::check(o, known, upsert)) {
            Err(errors) | Ok(Err(errors)) => errors,
            Ok(Ok(checked)) => {
                let (id, fresh) = match checked {
                    suppliers::Checked::Supplier(s) => {
                        let fresh = import.stage_supplier(row.line, &s, false)?;
                        (s.id, fresh)
                    }
                    suppliers::Checked::Remove(id) => {
                        (id.clone(), import.stage_supplier_removal(row.line, &id)?)
                    }
                };
                duplicate(import, fresh, sql::STAGED_SUPPLIER_LINE, &id, "supplier")?
            }
        };
        report_row(report, format!("{name} line {}", row.line), format, errors);
        progress.update(read.load(Ordering::Relaxed));
    }
    progress.finish();
    Ok(())
}

/// A factory's row that names no supplier is its own: by its id, so that its
/// name and kind come from its record and need not be written in every row.
fn own_by_default(mut draft: validate::Draft, scope: Option<&str>) -> validate::Draft {
    if let Some(own) = scope
        && draft.supplier_id.is_none()
        && draft.supplier_name.is_none()
    {
        draft.supplier_id = Some(own.to_owned());
    }
    draft
}

/// What staging a product row needs besides the row: the taxonomy, the
/// suppliers found by name, the pictures' folder.
struct Staged<'a> {
    known: &'a Known,
    names: &'a mut SupplierNames,
    folder: &'a mut Folder,
    /// A factory's own supplier id ([`Options::scope`]).
    scope: Option<&'a str>,
}

impl Staged<'_> {
    /// Stages a checked row; its problems (a picture, an id staged before).
    fn stage(
        &mut self,
        import: &mut dyn Staging,
        line: u64,
        checked: Checked,
    ) -> anyhow::Result<Vec<FieldError>> {
        let (id, fresh) = match checked {
            Checked::Product {
                mut product,
                sales_30d,
                listed_day,
            } => {
                if let Some(own) = self.scope {
                    if product.supplier.id.is_empty() {
                        product.supplier.id = own.to_owned();
                    } else if product.supplier.id != own {
                        let message = format!(
                            "{:?} is not your factory ({own}); your account changes only its own products",
                            product.supplier.id
                        );
                        return Ok(vec![FieldError::new("supplier.id", message)]);
                    }
                }
                let problems = self.folder.store(import, &mut product.images)?;
                if !problems.is_empty() {
                    return Ok(problems);
                }
                if product.supplier.id.is_empty() {
                    product.supplier.id = self.names.resolve(import, line, &product)?;
                }
                let fresh = import.stage(line, &product, sales_30d, listed_day)?;
                if fresh {
                    Folder::stage_uses(import, &product.id, &product.images)?;
                }
                (product.id, fresh)
            }
            Checked::Remove(id) => {
                let fresh = import.stage_removal(line, &id)?;
                (id, fresh)
            }
        };
        duplicate(import, fresh, sql::STAGED_LINE, &id, "product")
    }
}

fn stage_file(
    import: &mut dyn Staging,
    file: &Path,
    options: &Options,
    staged: &mut Staged<'_>,
    report: &mut Report,
) -> anyhow::Result<()> {
    let Opened {
        input,
        mut progress,
        read,
        format,
    } = open(file, options)?;
    let upsert = options.mode == Mode::Upsert;
    let name = options
        .label
        .clone()
        .unwrap_or_else(|| file.display().to_string());
    let unreadable = |e: anyhow::Error| Unreadable(format!("{name}: {e:#}"));
    let rows = formats::rows(input, format, options.encoding).map_err(unreadable)?;
    let mut products = 0;
    for row in rows {
        let row = row.map_err(unreadable)?;
        report.rows += 1;
        products += 1;
        let draft = row.draft.map(|d| own_by_default(d, staged.scope));
        let errors = match draft.map(|d| validate::check(d, staged.known, upsert)) {
            Err(errors) | Ok(Err(errors)) => errors,
            Ok(Ok(checked)) => staged.stage(import, row.line, checked)?,
        };
        report_row(report, format!("line {}", row.line), format, errors);
        progress.update(read.load(Ordering::Relaxed));
    }
    progress.finish();
    if products == 0 && options.mode == Mode::Replace {
        report.problem(
            "line 1".into(),
            "(file)".into(),
            "has no products; replacing the catalog with nothing is surely a mistake (to remove products, use --mode upsert with remove rows)".into(),
        );
    }
    Ok(())
}
