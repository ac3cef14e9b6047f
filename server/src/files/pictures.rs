//! The pictures an import's rows name. A file in the images folder (and,
//! with `--fetch-images`, a picture's http(s) URL) is read, checked and
//! stored (with its variants) in the import's transaction, once however many
//! rows name it; the row then references the stored picture (`picture:…`),
//! as export writes it. One picture is held at a time, so an
//! import of thousands of photos needs no more memory than one.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::validate::{FieldError, Image, image_kind};
use crate::pictures::{self, Limits};
use crate::store::Staging;
use crate::store::import_sql as sql;

/// Files already stored by this import, remembered up to this many (past it, a
/// file named again is read again, and found stored by its content).
const REMEMBERED: usize = 100_000;

/// The images folder of one import.
pub struct Folder {
    dir: PathBuf,
    /// What messages call the folder: its path, or (an upload's) a name that
    /// shows nothing of the server's files.
    shown: String,
    /// `dir` with its links resolved, once a file is named.
    resolved: Option<PathBuf>,
    limits: Limits,
    threads: usize,
    /// With `--fetch-images`: fetches pictures named by URL.
    fetcher: Option<ureq::Agent>,
    /// File path (or URL) → stored name.
    stored_files: HashMap<String, String>,
    /// Pictures this import stored that the catalog did not have.
    pub added: u64,
}

impl Folder {
    /// `fetch`: pictures named by an http(s) URL are fetched and stored, not linked.
    pub fn new(dir: PathBuf, fetch: bool) -> Folder {
        Folder {
            shown: dir.display().to_string(),
            dir,
            resolved: None,
            limits: Limits::default(),
            threads: std::thread::available_parallelism().map_or(1, usize::from),
            fetcher: fetch.then(fetcher),
            stored_files: HashMap::new(),
            added: 0,
        }
    }

    /// Names the folder `shown` in messages instead of by its path.
    pub fn shown_as(self, shown: &str) -> Folder {
        Folder {
            shown: shown.to_owned(),
            ..self
        }
    }

    /// Stores the pictures `images` names as files (or, when fetching, by
    /// URL) and replaces each with its reference; checks that the stored pictures it names exist. The
    /// problems are the row's, by image; `Err` is the store failing.
    pub fn store(
        &mut self,
        import: &mut dyn Staging,
        images: &mut [String],
    ) -> anyhow::Result<Vec<FieldError>> {
        let mut errors = Vec::new();
        for (n, image) in images.iter_mut().enumerate() {
            let fetch = self.fetcher.is_some() && image.contains("://");
            let problem = match image_kind(image) {
                Some(Image::Stored(name)) => import
                    .text(sql::PICTURE_STORED, &[name])?
                    .is_none()
                    .then(|| {
                        format!(
                            "{image} is not a picture this catalog stores; name its file instead"
                        )
                    }),
                Some(Image::Link) if !fetch => None,
                None => None,
                Some(Image::File | Image::Link) => match self.store_file(import, image)? {
                    Ok(name) => {
                        *image = pictures::reference(&name);
                        None
                    }
                    Err(why) => Some(format!("{image}: {why}")),
                },
            };
            if let Some(message) = problem {
                errors.push(FieldError::new(format!("images[{n}]"), message));
            }
        }
        Ok(errors)
    }

    /// Records that product `id` shows the stored pictures among `images`.
    pub fn stage_uses(import: &mut dyn Staging, id: &str, images: &[String]) -> anyhow::Result<()> {
        for name in images.iter().filter_map(|i| pictures::referenced(i)) {
            import.execute(sql::STAGE_PICTURE_USE, &[id, name])?;
        }
        Ok(())
    }

    /// The stored name of the file at `relative` (or the picture at a URL),
    /// storing it when new; the inner `Err` says what is wrong with it.
    fn store_file(
        &mut self,
        import: &mut dyn Staging,
        relative: &str,
    ) -> anyhow::Result<Result<String, String>> {
        if let Some(name) = self.stored_files.get(relative) {
            return Ok(Ok(name.clone()));
        }
        let bytes = match &self.fetcher {
            Some(agent) if relative.contains("://") => {
                fetch(agent, relative, self.limits.max_bytes)
            }
            _ => self.read(relative),
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(why) => return Ok(Err(why)),
        };
        let name = pictures::name_of(&bytes);
        if import.text(sql::PICTURE_STORED, &[&name])?.is_none() {
            match pictures::prepare(&bytes, &self.limits, self.threads) {
                Ok(stored) => import.store_picture(&stored)?,
                Err(why) => return Ok(Err(why.to_string())),
            }
            self.added += 1;
        }
        if self.stored_files.len() < REMEMBERED {
            self.stored_files.insert(relative.to_owned(), name.clone());
        }
        Ok(Ok(name))
    }

    /// The file's bytes, if it is a file inside the folder (no link leads
    /// out) and not over the size limit.
    fn read(&mut self, relative: &str) -> Result<Vec<u8>, String> {
        let missing = || format!("no such file in {}", self.shown);
        let folder = match &self.resolved {
            Some(folder) => folder.clone(),
            None => {
                let folder = self.dir.canonicalize().map_err(|_| missing())?;
                self.resolved = Some(folder.clone());
                folder
            }
        };
        let path = folder
            .join(relative)
            .canonicalize()
            .map_err(|_| missing())?;
        if !path.starts_with(&folder) {
            return Err(format!("leads out of {}", self.shown));
        }
        read_limited(&path, self.limits.max_bytes)
    }
}

fn read_limited(path: &Path, max: usize) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot be read ({e})"))?;
    let size = file.metadata().map_err(|e| e.to_string())?;
    if !size.is_file() {
        return Err("is not a file".into());
    }
    if size.len() > max as u64 {
        return Err(pictures::PictureError::TooLarge {
            bytes: usize::try_from(size.len()).unwrap_or(usize::MAX),
            max,
        }
        .to_string());
    }
    let mut bytes = Vec::with_capacity(size.len() as usize);
    file.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read ({e})"))?;
    Ok(bytes)
}

/// Fetching is for a site owner's own catalog on the command line: a page
/// that takes long or a file that is huge is a row error, not a hung import.
fn fetcher() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .max_redirects(5)
        .http_status_as_error(false)
        .user_agent("beltmart-server import")
        .build()
        .into()
}

fn fetch(agent: &ureq::Agent, url: &str, max: usize) -> Result<Vec<u8>, String> {
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| format!("cannot be fetched ({e})"))?;
    if response.status() != 200 {
        return Err(format!("the server answered {}", response.status()));
    }
    response
        .body_mut()
        .with_config()
        .limit(max as u64)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => format!("over the {max} bytes allowed"),
            other => format!("cannot be fetched ({other})"),
        })
}
