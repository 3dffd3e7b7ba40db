//! The search index: Pagefind, used as a library. One record per guide, service and contact
//! in every language (a text not yet translated is indexed in the source language under the
//! reader's language, as the page shows it); Pagefind splits the records into one index per
//! language and stems the languages it knows (Arabic, Dutch, English). The files go under
//! `pagefind/`, and the search page loads them only when a reader searches.

use std::collections::{BTreeMap, HashSet};

use super::markdown;
use super::urls;
use super::views::Resolver;
use super::{OutputFile, Sink};
use crate::diagnostics::Diagnostic;
use crate::model::Site;

/// Where the index lives in the output.
pub const DIR: &str = "pagefind";

/// The index's entry file, which lists the languages: one per language made, one for the site.
fn entry_path() -> String {
    format!("{DIR}/pagefind-entry.json")
}

/// Pagefind's files that the site's own search page uses; its ready-made interfaces are left
/// out (the site has its own, in its own languages).
fn wanted(file: &str) -> bool {
    !(file.contains("-ui.") || file.starts_with("pagefind-highlight") || file.ends_with(".css"))
}

struct Record {
    url: String,
    lang: String,
    title: String,
    content: String,
}

/// The records of `lang`: its guides, services and contacts as its pages show them.
fn records(site: &Site, lang: &crate::model::LangInfo) -> Vec<Record> {
    let mut records = Vec::new();
    let res = Resolver::new(site, lang);
    let code = lang.code.to_string();
    for g in &site.guides {
        let text = g.text.get(&lang.code).value;
        records.push(Record {
            url: urls::guide(&lang.code, &g.id),
            lang: code.clone(),
            title: text.title.clone(),
            content: format!(
                "{}\n{}\n{}",
                text.title,
                text.summary,
                markdown::plain_text(text.shown_body())
            ),
        });
    }
    for s in &site.services {
        let name = res.text(&s.name).text;
        let category = site
            .category(&s.category)
            .map(|c| res.text(&c.name).text)
            .unwrap_or_default();
        let address = s
            .address
            .as_ref()
            .map(|a| format!("{} {} {}", a.street, a.postcode, a.city))
            .unwrap_or_default();
        records.push(Record {
            url: urls::service(&lang.code, &s.id),
            lang: code.clone(),
            content: format!(
                "{name}\n{category}\n{}\n{address}",
                res.text(&s.description).text
            ),
            title: name,
        });
    }
    for c in &site.contacts {
        let role = res.text(&c.role).text;
        let service = site
            .service(&c.service)
            .map(|s| res.text(&s.name).text)
            .unwrap_or_default();
        records.push(Record {
            url: urls::contact(&lang.code, &c.id),
            lang: code.clone(),
            title: format!("{} · {role}", c.name),
            content: format!(
                "{}\n{role}\n{service}\n{}",
                c.name,
                res.list(&c.helps_with).items.join("\n")
            ),
        });
    }
    records
}

/// Makes the index of `site` and puts its files, under [`DIR`], into `sink`: each language's
/// as soon as it is made (written while the next is indexed, not all at the end), and last the
/// entry file that lists them all.
pub fn index(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    // As many languages side by side as there are cores: each thread hands its languages to
    // a one-thread rayon pool of its own, whose worker makes them (Pagefind's parallel work
    // included) while the thread waits: in rayon's global pool
    // that work queued behind the pages and the cards, and the index started five seconds
    // late at N=5,000 (a build took 8.7–9.8 s; on their own pools 7.5–8.1 s, the index,
    // the pages and the cards ending together). Not one shared pool: Pagefind uses rayon
    // inside its async code, and a worker of a shared pool waiting there could pick up
    // another language and start a runtime in a runtime; a pool of one language's work has
    // nothing else to pick up. Pagefind holds all of a language's index in memory until
    // its files are made (some 60 KB a record), so more at once would only add memory.
    // A language's records are made when its turn comes, so that only the languages being
    // indexed hold theirs in memory.
    let queue = std::sync::Mutex::new(site.config.languages.iter().rev().collect::<Vec<_>>());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(site.config.languages.len());
    let next = || queue.lock().unwrap_or_else(|p| p.into_inner()).pop();
    // `packing` is held while a language's files are made: that is when Pagefind holds the
    // most of a language (its pages and their copies being packed), so while one language is
    // packed the other is still reading its records. Two at once added some 200 MB to the
    // peak of a 30,000-page build (1.0 GB instead of 0.79 GB), in the same time.
    let packing = tokio::sync::Mutex::new(());
    let merger = Merger::new(sink);
    let results: Vec<Result<(), Diagnostic>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let index = || {
                        while let Some(lang) = next() {
                            let files = crate::timings::phase("  a language's index", || {
                                build(records(site, lang), Some(&packing))
                            });
                            merger.add(files.map_err(failed)?)?;
                        }
                        Ok(())
                    };
                    let made = rayon::ThreadPoolBuilder::new()
                        .num_threads(1)
                        .thread_name(|_| "search index".into())
                        .build()
                        .map_err(|e| failed(e.to_string()))
                        .and_then(|pool| pool.install(index));
                    if made.is_err() {
                        // The build has failed: the other threads take no further language.
                        queue.lock().unwrap_or_else(|p| p.into_inner()).clear();
                    }
                    made
                })
            })
            .collect();
        // This thread may be one of rayon's global workers: it waits by making pages, not
        // by blocking, so that the pages keep both cores' workers.
        while !handles.iter().all(|h| h.is_finished()) {
            if rayon::yield_now() != Some(rayon::Yield::Executed) {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(failed("the indexer stopped".into())))
            })
            .collect()
    });
    results.into_iter().collect::<Result<(), _>>()?;
    merger.finish()
}

fn failed(e: String) -> Diagnostic {
    Diagnostic::error(format!("the search index could not be made: {e}"))
}

/// One language's share of the index, with a digest of the records it was made from: the
/// preview makes again only the languages whose records a change altered.
pub struct Part {
    digest: [u8; 32],
    files: Vec<OutputFile>,
}

/// The part of every language of `site`, by language code, taking over those of `known`
/// whose records are the same and making the others one at a time on the calling thread;
/// with the codes of the languages made.
pub fn parts(
    site: &Site,
    mut known: BTreeMap<String, Part>,
) -> Result<(BTreeMap<String, Part>, Vec<String>), Diagnostic> {
    let mut made = BTreeMap::new();
    let mut remade = Vec::new();
    for lang in &site.config.languages {
        let code = lang.code.to_string();
        let records = records(site, lang);
        let digest = digest(&records);
        let part = match known.remove(&code) {
            Some(part) if part.digest == digest => part,
            _ => {
                remade.push(code.clone());
                Part {
                    digest,
                    files: build(records, None).map_err(failed)?,
                }
            }
        };
        made.insert(code, part);
    }
    Ok((made, remade))
}

/// The index files of `parts` together, by path.
pub fn joined<'a>(
    parts: impl IntoIterator<Item = &'a Part>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut merged = Merged::default();
    let mut files = Vec::new();
    for f in parts.into_iter().flat_map(|p| &p.files) {
        // Only the files that go into the index are copied (the shared ones once).
        if merged.keeps(f)? {
            files.push(OutputFile {
                path: f.path.clone(),
                bytes: f.bytes.clone(),
            });
        }
    }
    files.extend(merged.entry_file());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn digest(records: &[Record]) -> [u8; 32] {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for r in records {
        for field in [&r.url, &r.lang, &r.title, &r.content] {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
    }
    hasher.finalize().into()
}

/// Puts the languages' index files into a sink as one index: each language's entry lists that
/// language, the site's lists them all; the script and the stemmers, the same in every
/// language's files, are put once.
struct Merger<'s> {
    sink: &'s dyn Sink,
    state: std::sync::Mutex<Merged>,
}

/// What the languages' files added so far come to: the paths kept, and the entry listing
/// every language.
#[derive(Default)]
struct Merged {
    put: HashSet<String>,
    entry: Option<serde_json::Value>,
}

impl Merged {
    /// Takes in one file: whether it goes into the index as it is (a file not kept before;
    /// a language's entry is folded into the site's instead).
    fn keeps(&mut self, f: &OutputFile) -> Result<bool, Diagnostic> {
        if f.path != entry_path() {
            return Ok(self.put.insert(f.path.clone()));
        }
        let mut value: serde_json::Value =
            serde_json::from_slice(&f.bytes).map_err(|e| Diagnostic::error(e.to_string()))?;
        match &mut self.entry {
            None => self.entry = Some(value),
            Some(all) => {
                if let (Some(a), Some(b)) = (
                    all["languages"].as_object_mut(),
                    value["languages"].as_object_mut(),
                ) {
                    a.append(b);
                }
            }
        }
        Ok(false)
    }

    /// The entry that lists every language taken in.
    fn entry_file(self) -> Option<OutputFile> {
        self.entry.map(|entry| OutputFile {
            path: entry_path(),
            bytes: entry.to_string().into_bytes(),
        })
    }
}

impl<'s> Merger<'s> {
    fn new(sink: &'s dyn Sink) -> Self {
        Merger {
            sink,
            state: Default::default(),
        }
    }

    /// Puts one language's files (through rayon, on the pool it is called in: in a build, the
    /// language's own one-thread pool, so that the writing keeps to its core).
    fn add(&self, files: Vec<OutputFile>) -> Result<(), Diagnostic> {
        let mut fresh = Vec::with_capacity(files.len());
        {
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            for f in files {
                if state.keeps(&f)? {
                    fresh.push(f);
                }
            }
        }
        use rayon::prelude::*;
        fresh.into_par_iter().try_for_each(|f| self.sink.put(f))
    }

    /// Puts the entry that lists every language added.
    fn finish(self) -> Result<(), Diagnostic> {
        let state = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        match state.entry_file() {
            Some(entry) => self.sink.put(entry),
            None => Ok(()),
        }
    }
}

/// The index files of one language's `records`; with `packing`, made while holding it.
fn build(
    records: Vec<Record>,
    packing: Option<&tokio::sync::Mutex<()>>,
) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        let records = records
            .into_iter()
            .map(|r| {
                let meta = BTreeMap::from([("title".to_owned(), r.title)]);
                (r.url, r.content, r.lang, meta)
            })
            .collect();
        index
            .add_custom_records(records)
            .await
            .map_err(|e| e.to_string())?;
        let files = {
            let _one = match packing {
                Some(lock) => Some(lock.lock().await),
                None => None,
            };
            index.get_files().await.map_err(|e| e.to_string())?
        };
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                wanted(&name).then(|| OutputFile {
                    path: format!("{DIR}/{name}"),
                    bytes: f.contents,
                })
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index files of `records` made one record at a time, through the API that Pagefind
    /// publishes (the patched crate's batch API must make the same).
    fn one_at_a_time(records: Vec<Record>) -> Vec<(String, Vec<u8>)> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let options = pagefind::options::PagefindServiceConfig::builder()
                .keep_index_url(false)
                .build();
            let mut index = pagefind::api::PagefindIndex::new(Some(options)).unwrap();
            for r in records {
                let meta = BTreeMap::from([("title".to_owned(), r.title)]);
                index
                    .add_custom_record(r.url, r.content, r.lang, Some(meta), None, None)
                    .await
                    .unwrap();
            }
            let mut files: Vec<_> = index
                .get_files()
                .await
                .unwrap()
                .into_iter()
                .map(|f| (f.filename.to_string_lossy().into_owned(), f.contents))
                .filter(|(name, _)| wanted(name))
                .collect();
            files.sort();
            files
        })
    }

    #[test]
    fn the_batch_of_records_makes_the_index_one_record_at_a_time_makes() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
        let site = crate::build::load(&root)
            .unwrap_or_else(|d| panic!("{}", d.render(false)))
            .site;
        for code in ["nl", "ti"] {
            let lang = site
                .config
                .languages
                .iter()
                .find(|l| l.code.as_str() == code)
                .unwrap();
            let mut batch: Vec<_> = build(records(&site, lang), None)
                .unwrap()
                .into_iter()
                .map(|f| (f.path[DIR.len() + 1..].to_owned(), f.bytes))
                .collect();
            batch.sort();
            let single = one_at_a_time(records(&site, lang));
            assert!(single.len() > 10, "{code}: {} files", single.len());
            assert_eq!(
                batch.iter().map(|f| &f.0).collect::<Vec<_>>(),
                single.iter().map(|f| &f.0).collect::<Vec<_>>(),
                "{code}"
            );
            assert!(batch == single, "{code}: the files differ");
        }
    }
}
