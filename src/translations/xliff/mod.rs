//! The exchange with translators: XLIFF 2.0 files that any CAT tool reads.
//!
//! Units are named after the item they belong to: `service.health-centre.description`,
//! `contact.amira-haddad.helps_with` (one segment per list entry), and for a guide
//! `guide.first-week.title`, `.summary` and `.b1`, `.b2`, … per block of its Markdown, with the
//! block's inline markup as `<pc>`/`<ph>` codes whose Markdown is in `<originalData>`.
//!
//! Import checks every unit against the site as it is now: a unit whose source changed since
//! the export is refused, because its translation was made from another text.

mod export;
mod import;
mod read;

pub use export::{Exported, export};
pub use import::{Imported, import};

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Text for XML content and attribute values; characters XML 1.0 cannot hold are dropped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
