//! Writing a command's result: to stdout, or atomically to a file, never
//! over an input.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

pub(super) fn refuse_to_overwrite_input(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(o) = canon(out) {
        if inputs.iter().any(|i| canon(i).as_deref() == Some(o.as_path())) {
            anyhow::bail!("{}: refusing to overwrite an input file with the report", out.display());
        }
    }
    Ok(())
}

/// What writes a command's result: rendered text, or a report streamed as
/// it is serialised (see `json::write`).
pub(super) type Writer<'a> = dyn Fn(&mut dyn Write) -> io::Result<()> + 'a;

/// A [`Writer`] of rendered text.
pub(super) fn text_writer<'a>(text: String) -> Box<Writer<'a>> {
    Box::new(move |w| w.write_all(text.as_bytes()))
}

/// Writes to stdout, or atomically to a file: a temporary file beside it,
/// renamed over the target only once fully written. Buffered either way.
///
/// A path that is not a regular file (`-o /dev/null`, a named pipe) is
/// written in place: renaming a file over it would replace the device or
/// pipe itself. A symbolic link is followed: the file it points to is
/// replaced, and the link kept.
pub(super) fn emit(content: &Writer<'_>, path: Option<&Path>) -> Result<()> {
    let special =
        path.and_then(|p| std::fs::metadata(p).ok()).is_some_and(|m| !m.is_file() && !m.is_dir());
    if let (Some(path), true) = (path, special) {
        let write = || -> io::Result<()> {
            let f = std::fs::OpenOptions::new().write(true).open(path)?;
            let mut f = io::BufWriter::with_capacity(1 << 16, f);
            content(&mut f)?;
            f.flush()
        };
        return write().with_context(|| format!("{}: cannot write the report", path.display()));
    }
    let resolved = path.map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
    let path = resolved.as_deref();
    match path {
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            content(&mut out)?;
            out.flush()?;
        }
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let tmp = dir.join(format!(".{name}.refract-tmp-{}", std::process::id()));
            let write = || -> io::Result<()> {
                let mut f = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
                content(&mut f)?;
                let f = f.into_inner().map_err(|e| e.into_error())?;
                f.sync_all()?;
                std::fs::rename(&tmp, path)
            };
            if let Err(e) = write() {
                let _ = std::fs::remove_file(&tmp);
                return Err(e)
                    .with_context(|| format!("{}: cannot write the report", path.display()));
            }
        }
    }
    Ok(())
}
