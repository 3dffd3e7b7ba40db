//! Identifiers that become parts of URLs and file names.

use std::fmt;

use serde::Serialize;

/// An id or slug: lowercase ASCII letters and digits in hyphen-separated words, so that it is
/// safe as a path segment on every file system and needs no escaping in a URL.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Id(String);

impl Id {
    pub const MAX_LEN: usize = 64;

    /// Names Windows keeps for devices: no file or folder may have them, whatever the extension.
    const WINDOWS_DEVICES: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];

    /// Whether `raw` is a valid id: [`Id::parse`] without making one.
    pub fn is_valid(raw: &str) -> bool {
        Self::well_formed(raw) && !Self::WINDOWS_DEVICES.contains(&raw)
    }

    fn well_formed(raw: &str) -> bool {
        !raw.is_empty()
            && raw.len() <= Self::MAX_LEN
            && raw.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    pub fn parse(raw: &str) -> Result<Id, String> {
        let ok = Self::well_formed(raw);
        if ok && Self::WINDOWS_DEVICES.contains(&raw) {
            Err(format!(
                "`{raw}` cannot be an id: Windows reserves the name for a device, so the site \
                 could not be copied to a Windows computer or share"
            ))
        } else if ok {
            Ok(Id(raw.to_owned()))
        } else {
            // Name an invisible character: the id looks right in the editor.
            let hidden = raw.chars().find(|c| crate::model::is_invisible(*c));
            let hidden = hidden
                .map(|c| format!(" (it holds the invisible character U+{:04X})", c as u32))
                .unwrap_or_default();
            Err(format!(
                "`{raw}` is not a valid id{hidden}: only lowercase letters a-z, digits and \
                 single hyphens, at most {} characters",
                Self::MAX_LEN
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Lets a set of ids be searched with a `&str`: an `Id` compares as its text.
impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Id;

    #[test]
    fn safe_ids_only() {
        for ok in ["gp", "health-centre", "a1-b2", "con-desk", "com10", "lpt"] {
            assert!(Id::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "../etc", "a/b", "Health", "a--b", "-a", "a-", "a b", "é", "con.txt", "con", "nul",
            "aux", "prn", "com1", "lpt9",
        ] {
            assert!(Id::parse(bad).is_err(), "{bad}");
        }
        assert!(Id::parse(&"a".repeat(65)).is_err());
    }
}
