//! Which version of its source text each translation was made from.

use std::collections::BTreeMap;
use std::fmt;

use sha2::{Digest, Sha256};

use super::Lang;

/// A fingerprint of a source text: the first 12 hex digits of its SHA-256. Short enough to read
/// in `translations.yaml`, long enough that two versions of a text never share one by chance.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceVersion(String);

impl SourceVersion {
    const LEN: usize = 12;

    /// The version of `text`. Line endings and trailing spaces do not count: an editor that
    /// changes them has not changed what the translation has to say.
    pub fn of(text: &str) -> SourceVersion {
        let mut hasher = Sha256::new();
        for line in text.trim_end().lines() {
            hasher.update(line.trim_end().as_bytes());
            hasher.update(b"\n");
        }
        let digest = hasher.finalize();
        // The first LEN / 2 bytes in lowercase hex (a site has thousands of texts: no
        // `format!` per byte).
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = String::with_capacity(Self::LEN);
        for b in &digest[..Self::LEN / 2] {
            hex.push(HEX[usize::from(b >> 4)] as char);
            hex.push(HEX[usize::from(b & 15)] as char);
        }
        SourceVersion(hex)
    }

    pub fn parse(raw: &str) -> Option<SourceVersion> {
        (raw.len() == Self::LEN && raw.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| SourceVersion(raw.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SourceVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What is known about one translation: the source version it was made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub version: SourceVersion,
    /// Made by a machine and not yet checked by a person.
    pub machine: bool,
}

/// The contents of `translations.yaml`: per item (`guide/first-week`,
/// `service/health-centre/description`) and language, the recorded source version. The entry
/// for the source language itself is the version translations were last brought up to date
/// with, which lets an editor declare later changes minor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ledger {
    pub items: BTreeMap<String, BTreeMap<Lang, Recorded>>,
}

impl Ledger {
    pub fn get(&self, item: &str, lang: &Lang) -> Option<&Recorded> {
        self.items.get(item)?.get(lang)
    }

    pub fn set(&mut self, item: &str, lang: Lang, recorded: Recorded) {
        self.items
            .entry(item.to_owned())
            .or_default()
            .insert(lang, recorded);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_ignore_line_endings_and_trailing_space() {
        let a = SourceVersion::of("Welkom in Lindewaard.\nTweede regel.\n");
        assert_eq!(
            a,
            SourceVersion::of("Welkom in Lindewaard.  \r\nTweede regel.")
        );
        assert_ne!(a, SourceVersion::of("Welkom in Lindewaard!\nTweede regel."));
        assert_eq!(a.as_str().len(), 12);
        // The first twelve hex digits of the SHA-256 of the lines, each ended by a newline.
        assert_eq!(SourceVersion::of("abc").as_str(), "edeaaff3f177");
        assert_eq!(SourceVersion::parse(a.as_str()), Some(a));
        assert_eq!(SourceVersion::parse("xyz"), None);
    }
}
