//! The smallest Typst `World` that prints a card or a guide: one main file, a few in-memory files and
//! the theme's fonts. Nothing is read from disk and nothing is fetched: a card prints the same
//! on every machine.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Fonts parsed once per process: reading and indexing them costs more than a whole card.
pub struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Fonts {
    pub fn new(files: impl IntoIterator<Item = Arc<[u8]>>) -> Fonts {
        let fonts: Vec<Font> = files
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }
}

/// Runs `f`, Typst's layout or PDF writing, with room for its deep recursion. A card or a
/// guide is laid out on a rayon worker (2 MB of stack), and while its PDF writer waits for its
/// own parallel work the worker may take up another card's layout on top of it; so whenever
/// less than 8 MB is left, `f` runs on a fresh 64 MB stack (reserved, not touched).
pub fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(8 << 20, 64 << 20, f)
}

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

pub struct PrintWorld<'a> {
    fonts: &'a Fonts,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
}

pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("our own file names are valid paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl<'a> PrintWorld<'a> {
    /// `main` is the Typst template; `files` are the data it reads (`data.json`, SVGs).
    pub fn new(fonts: &'a Fonts, main: &str, files: Vec<(&str, Vec<u8>)>) -> Self {
        let main_id = file_id("/main.typ");
        let sources = HashMap::from([(main_id, Source::new(main_id, main.to_owned()))]);
        let files = files
            .into_iter()
            .map(|(path, data)| (file_id(path), Bytes::new(data)))
            .collect();
        PrintWorld {
            fonts,
            main: main_id,
            sources,
            files,
        }
    }
}

impl World for PrintWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .get(&id)
            .cloned()
            .ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.text().to_owned()));
        }
        self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Print must not change with the day it is made on; a guide is told its date as data.
        None
    }
}
