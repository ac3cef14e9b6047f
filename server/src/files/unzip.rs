//! A catalog uploaded as one zip: its products file (CSV or JSON Lines) and
//! the pictures its rows name, by paths relative to that file, as the command
//! line's import reads them beside the file. The zip is hostile until proven
//! otherwise: no entry is written outside the folder (`..`, absolute paths,
//! links), and its entries, their bytes and the whole are capped, however
//! small the zip itself (a zip bomb fills nothing).

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use zip::ZipArchive;
use zip::read::ZipFile;

use super::formats::Format;
use super::import::Unreadable;

/// How much one upload may unpack to.
#[derive(Clone, Copy, Debug)]
pub struct ZipLimits {
    pub entries: usize,
    /// All entries together, as unpacked.
    pub total_bytes: u64,
    /// One picture: a larger one is not unpacked, and its row says it is too large.
    pub picture_bytes: u64,
}

/// The products file found in the zip, unpacked with its pictures.
#[derive(Debug)]
pub struct Unpacked {
    pub file: PathBuf,
    pub format: Format,
    /// Its path inside the zip, for the report.
    pub name: String,
}

/// Unpacks `zip` into the empty folder `into`.
pub fn unpack(zip: &Path, into: &Path, limits: &ZipLimits) -> Result<Unpacked, Unreadable> {
    let fail = |why: String| Unreadable(format!("the zip {why}"));
    let file = File::open(zip).map_err(|e| fail(format!("cannot be read ({e})")))?;
    let mut archive = ZipArchive::new(file)
        .map_err(|e| Unreadable(format!("the upload is not a zip file ({e})")))?;
    if archive.len() > limits.entries {
        return Err(fail(format!(
            "has {} entries, over the {} allowed",
            archive.len(),
            limits.entries
        )));
    }
    let catalog = find_catalog(&mut archive)?;
    let mut written = 0u64;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|e| fail(format!("cannot be read ({e})")))?;
        let Some(relative) = wanted(&entry)? else {
            continue;
        };
        let room = limits.total_bytes - written;
        let picture = (index != catalog.0).then_some(limits.picture_bytes);
        let target = into.join(&relative);
        written += extract(&mut entry, &target, room, picture).map_err(|e| {
            fail(format!(
                "entry {} cannot be unpacked ({e})",
                relative.display()
            ))
        })?;
        if written > limits.total_bytes {
            return Err(fail(format!(
                "unpacks to more than the {} MB allowed",
                limits.total_bytes >> 20
            )));
        }
    }
    Ok(Unpacked {
        file: into.join(&catalog.1),
        format: catalog.2,
        name: catalog.1.display().to_string(),
    })
}

/// The one products file in the zip: its index, path and format.
fn find_catalog(archive: &mut ZipArchive<File>) -> Result<(usize, PathBuf, Format), Unreadable> {
    let mut found = Vec::new();
    for index in 0..archive.len() {
        let entry = archive
            .by_index(index)
            .map_err(|e| Unreadable(format!("the zip cannot be read ({e})")))?;
        if let Some(path) = wanted(&entry)?
            && let Some(format) = Format::from_path(&path)
        {
            found.push((index, path, format));
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Unreadable(
            "the zip has no products file: put one .csv or .jsonl file in it, beside its pictures"
                .into(),
        )),
        _ => {
            let names: Vec<String> = found.iter().map(|f| f.1.display().to_string()).collect();
            Err(Unreadable(format!(
                "the zip has {} products files ({}): put only one in it",
                names.len(),
                names.join(", ")
            )))
        }
    }
}

/// The entry's safe path inside the folder, or `None` for what is not
/// unpacked (folders, the desktop's own files); `Err` for an entry that no
/// honest zip of a catalog has.
fn wanted(entry: &ZipFile<'_, File>) -> Result<Option<PathBuf>, Unreadable> {
    // The zip crate reads a name as UTF-8 only when the zip says it is.
    let said_utf8 = entry.name().ok().as_deref() == std::str::from_utf8(entry.name_raw()).ok();
    let name = decoded_name(entry.name_raw(), said_utf8);
    if entry.is_dir() || is_desktop_litter(&name) {
        return Ok(None);
    }
    let refuse = |why: &str| Err(Unreadable(format!("the zip's entry {name} {why}")));
    if entry.is_symlink() {
        return refuse("is a link: put the file itself in the zip");
    }
    if entry.encrypted() {
        return refuse("is protected by a password: make the zip without one");
    }
    match enclosed(&name) {
        Some(path) => Ok(Some(path)),
        None => refuse("leads outside the zip"),
    }
}

/// Entry names are UTF-8 when the zip says so. Unsaid, they are UTF-8 from
/// macOS and GBK from an older Chinese Windows; short GBK names can be valid
/// UTF-8 too, so the reading whose letters are all Chinese wins.
fn decoded_name(raw: &[u8], said_utf8: bool) -> String {
    let chinese = |name: &str| {
        name.chars()
            .all(|c| c.is_ascii() || matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'))
    };
    let utf8 = std::str::from_utf8(raw).ok();
    if let Some(name) = utf8.filter(|_| said_utf8) {
        return name.to_owned();
    }
    let (gbk, _, malformed) = encoding_rs::GBK.decode(raw);
    match utf8 {
        Some(name) if chinese(name) => name.to_owned(),
        _ if !malformed && chinese(&gbk) => gbk.into_owned(),
        Some(name) => name.to_owned(),
        None => String::from_utf8_lossy(raw).into_owned(),
    }
}

/// The name as a path that stays inside the folder, or `None`.
fn enclosed(name: &str) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return None,
            part if part.contains(['\0', ':']) => return None,
            part => path.push(part),
        }
    }
    (!path.as_os_str().is_empty()).then_some(path)
}

/// What macOS and Windows add to a zip beside the files chosen.
fn is_desktop_litter(name: &str) -> bool {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    name.starts_with("__MACOSX")
        || last.starts_with("._")
        || last == ".DS_Store"
        || last == "Thumbs.db"
}

/// Writes the entry to `target`, at most one byte more than `room`, and
/// returns the bytes written. A picture over its limit is not unpacked: its
/// file is left empty (sparse) at the entry's size, so that its row says how
/// large it is.
fn extract(
    entry: &mut ZipFile<'_, File>,
    target: &Path,
    room: u64,
    picture_limit: Option<u64>,
) -> io::Result<u64> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut out = File::create_new(target)?;
    let cap = match picture_limit {
        Some(max) if entry.size() > max => {
            out.set_len(entry.size())?;
            return Ok(0);
        }
        Some(max) => room.min(max),
        None => room,
    };
    let copied = io::copy(&mut entry.by_ref().take(cap + 1), &mut out)?;
    out.flush()?;
    Ok(copied)
}

#[cfg(test)]
mod tests;
