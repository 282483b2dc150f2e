//! Files only their owner can read: creating folders (0700) and files (0600),
//! and replacing a file atomically so that a crash leaves either the old file
//! or the new one, never half of either.
//!
//! Everything Kith writes to disk (the database, backups, exports) goes
//! through here. On platforms without Unix permissions, files are created
//! with the platform's defaults.
//!
//! A file is only ever replaced by renaming a finished copy over it, and
//! [`replace`] looks at what it replaces at that moment: a regular file,
//! never a folder, a named pipe, a device or a socket, even one that
//! appeared after the caller checked the path (see `store::targets` for
//! the whole rule of what Kith may write over). A symbolic link is
//! followed: the file it points to is replaced, and the link stays.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Creates `dir` and any missing parents; the folders it creates are
/// readable by the owner only (existing ones are left as they are).
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

/// Creates a new, empty file readable by the owner only; fails if something
/// is already at `path`.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).read(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Writes a file readable by the owner only, atomically: `write` fills a
/// temporary file beside `path`, which is synced and then renamed over
/// `path` (see [`replace`]). If `write` or anything else fails, `path` is
/// untouched and the temporary file is removed. A symbolic link at `path`
/// is followed.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let path = &follow_links(path);
    let temp = temporary_beside(path, "")?;
    let result = (|| {
        let file = create_new(&temp)?;
        let mut writer = io::BufWriter::new(&file);
        write(&mut writer)?;
        writer.flush()?;
        drop(writer);
        file.sync_all()?;
        replace(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A name for a temporary file beside `path` (`.NAME.TAG.PID.tmp`), on the
/// same file system, so that it can be renamed over `path`.
pub fn temporary_beside(path: &Path, tag: &str) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tag = if tag.is_empty() {
        String::new()
    } else {
        format!(".{tag}")
    };
    Ok(folder_of(path).join(format!(
        ".{}{tag}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// Renames the finished file `temp` over `path` and makes the rename
/// durable, unless what is at `path` now is something other than a regular
/// file: a folder, a named pipe, a device, a socket or a link are never
/// replaced (the caller removes `temp`).
pub fn replace(temp: &Path, path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
        Ok(meta) if meta.is_file() => {}
        Ok(meta) => return Err(not_replaceable(&meta)),
    }
    fs::rename(temp, path)?;
    sync_dir(folder_of(path))
}

fn not_replaceable(meta: &fs::Metadata) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "is {}, not a regular file; Kith does not write over it",
            kind_of(meta)
        ),
    )
}

/// What a file that is not a regular file is, for messages ("a named pipe
/// (FIFO)").
pub fn kind_of(meta: &fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    if meta.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `path`, or, if it is a symbolic link, what the link leads to, followed
/// to the end of a chain of links (even one that leads nowhere). The
/// folders on the way are left as they are.
pub fn follow_links(path: &Path) -> PathBuf {
    let mut current = path.to_owned();
    // As many links as the operating system follows itself.
    for _ in 0..40 {
        match fs::read_link(&current) {
            Ok(target) => current = folder_of(&current).join(target),
            Err(_) => break,
        }
    }
    current
}

/// Makes a rename in `dir` durable (a no-op where folders cannot be synced).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn atomic_writes_replace_whole_files_privately() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        write_atomically(&path, |w| w.write_all(b"first")).unwrap();
        write_atomically(&path, |w| w.write_all(b"second")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600);

        let failed = write_atomically(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the temporary file is cleaned up");
    }

    /// What the path turned into while the new file was written (here, by
    /// the writer itself) is looked at again at the rename: a named pipe
    /// stays a named pipe, and the temporary file goes.
    #[cfg(unix)]
    #[test]
    fn the_rename_never_replaces_what_is_not_a_regular_file() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        let failed = write_atomically(&path, |w| {
            let made = std::process::Command::new("mkfifo").arg(&path).status()?;
            assert!(made.success());
            w.write_all(b"{}")
        });
        let error = failed.unwrap_err();
        assert_eq!(
            error.to_string(),
            "is a named pipe (FIFO), not a regular file; Kith does not write over it"
        );
        assert!(fs::symlink_metadata(&path).unwrap().file_type().is_fifo());
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "the temporary file is cleaned up");

        // Through a link to a regular file, the file is written and the
        // link stays.
        let target = dir.path().join("target.json");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, |w| w.write_all(b"new")).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn new_folders_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a").join("b");
        create_dir_all(&nested).unwrap();
        assert_eq!(mode(&nested), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
    }
}
