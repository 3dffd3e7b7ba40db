//! A guide (front matter and Markdown) as `guides/welcome.nl.md` of a small valid site, loaded
//! and validated (cross-references included); the text also rendered to HTML, cleaned, split
//! into translation blocks and put back together.
#![no_main]

use wegwijs::model::XrefKind;
use wegwijs::render::markdown::{plain_text, to_html};
use wegwijs::translations::segments;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wegwijs_fuzz::with_file("guides/welcome.nl.md", data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let resolve = |kind: XrefKind, id: &str| {
        (kind != XrefKind::Guide || id.len() % 2 == 0).then(|| format!("../{}/{id}/", kind.name()))
    };
    let _ = to_html(text, &resolve);
    let _ = plain_text(text);
    let _ = wegwijs::model::removed_html(text);
    let _ = wegwijs::model::xrefs(text);
    let _ = wegwijs::model::without_title(text, "Welkom");
    let blocks = segments::blocks(text);
    let again: Vec<String> = blocks
        .iter()
        .map(|b| segments::to_markdown(&b.content))
        .collect();
    let _ = segments::replace_blocks(text, &blocks, &again);
});
