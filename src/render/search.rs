//! The search index: Pagefind, used as a library. One record per guide, service and contact
//! in every language (a text not yet translated is indexed in the source language under the
//! reader's language, as the page shows it); Pagefind splits the records into one index per
//! language and stems the languages it knows (Arabic, Dutch, English). The files go under
//! `pagefind/`, and the search page loads them only when a reader searches.

use std::collections::BTreeMap;

use super::OutputFile;
use super::markdown;
use super::urls;
use super::views::Resolver;
use crate::diagnostics::Diagnostic;
use crate::model::Site;

/// Where the index lives in the output.
pub const DIR: &str = "pagefind";

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

/// The index files of `site`, under [`DIR`].
pub fn index(site: &Site) -> Result<Vec<OutputFile>, Diagnostic> {
    // One index per language, made side by side: Pagefind hands every record to a thread of
    // its own, so a single index keeps a core waiting; the languages' files are then merged.
    // A language's records are made when its turn comes, so that only the languages being
    // indexed hold theirs in memory.
    // Plain threads, not rayon's: Pagefind uses rayon inside its async code, and a rayon
    // worker waiting there could pick up another language and start a runtime in a runtime.
    // As many languages at a time as there are cores: each index is made on one core, and
    // Pagefind holds all of a language's index in memory until its files are made (some
    // 60 KB a record), so more at once would only add memory.
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
    let parts: Vec<Result<Vec<OutputFile>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut made = Vec::new();
                    while let Some(lang) = next() {
                        made.push(build(records(site, lang), Some(&packing)));
                    }
                    made
                })
            })
            .collect();
        // Pagefind's own parallel work runs on rayon's pool, to which this thread may belong:
        // waiting by doing that work, not by blocking, so the pool is never all asleep.
        while !handles.iter().all(|h| h.is_finished()) {
            if rayon::yield_now() != Some(rayon::Yield::Executed) {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err("the indexer stopped".into())])
            })
            .collect()
    });
    let parts = parts
        .into_iter()
        .collect::<Result<Vec<_>, String>>()
        .map_err(failed)?;
    merge(parts.iter().map(Vec::as_slice))
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

/// The index files of `parts` together.
pub fn joined<'a>(
    parts: impl IntoIterator<Item = &'a Part>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    merge(parts.into_iter().map(|p| p.files.as_slice()))
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

/// The languages' index files as one index: each language's entry lists that language, the
/// site's lists them all; the script and the stemmers are the same in every part.
fn merge<'a>(
    parts: impl IntoIterator<Item = &'a [OutputFile]>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files: BTreeMap<&str, &[u8]> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    let entry_path = format!("{DIR}/pagefind-entry.json");
    for part in parts {
        for f in part {
            if f.path == entry_path {
                let mut value: serde_json::Value = serde_json::from_slice(&f.bytes)
                    .map_err(|e| Diagnostic::error(e.to_string()))?;
                match &mut entry {
                    None => entry = Some(value),
                    Some(all) => {
                        if let (Some(a), Some(b)) = (
                            all["languages"].as_object_mut(),
                            value["languages"].as_object_mut(),
                        ) {
                            a.append(b);
                        }
                    }
                }
            } else {
                files.entry(&f.path).or_insert(&f.bytes);
            }
        }
    }
    let mut out: Vec<OutputFile> = files
        .into_iter()
        .map(|(path, bytes)| OutputFile {
            path: path.to_owned(),
            bytes: bytes.to_vec(),
        })
        .collect();
    if let Some(entry) = entry {
        out.push(OutputFile {
            path: entry_path,
            bytes: entry.to_string().into_bytes(),
        });
        out.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(out)
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
        for r in records {
            let meta = BTreeMap::from([("title".to_owned(), r.title)]);
            index
                .add_custom_record(r.url, r.content, r.lang, Some(meta), None, None)
                .await
                .map_err(|e| e.to_string())?;
        }
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
