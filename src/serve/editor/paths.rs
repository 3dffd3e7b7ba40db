//! What a request to the editor may name and where it may come from: the site's own files
//! (nothing else of the computer), this computer's own addresses, the query's values.

use crate::load::{self, schema::SchemaFile};
use crate::model::Id;

use super::guides;

/// Whether a `Host` header names this computer: `127.0.0.1:8080`, `localhost:8080`, `[::1]`.
pub(super) fn is_local_host(host: &str) -> bool {
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|h| {
        host == *h
            || host
                .strip_prefix(h)
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
    })
}

pub(super) fn kind_of(kind: &str) -> Option<SchemaFile> {
    match kind {
        "service" => Some(SchemaFile::Service),
        "contact" => Some(SchemaFile::Contact),
        "guide" => Some(SchemaFile::GuideFrontMatter),
        _ => None,
    }
}

/// `path` when it is a file the editor edits: `site.yaml`, a service's or contact's file
/// named after a valid id, or a guide's file with a valid id and language. Nothing else of the computer can be reached.
pub(super) fn checked_path(path: &str) -> Option<String> {
    if path == load::CONFIG_FILE {
        return Some(path.to_owned());
    }
    if guides::guide_path(path).is_some() {
        return Some(path.to_owned());
    }
    let (folder, name) = path.split_once('/')?;
    let id = name.strip_suffix(".yaml")?;
    (matches!(folder, "services" | "contacts") && Id::parse(id).is_ok()).then(|| path.to_owned())
}

pub(super) fn percent_decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&v[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sites_own_files_can_be_named() {
        assert_eq!(
            checked_path("services/gp.yaml").as_deref(),
            Some("services/gp.yaml")
        );
        assert_eq!(checked_path("site.yaml").as_deref(), Some("site.yaml"));
        assert_eq!(
            checked_path("guides/a.nl.md").as_deref(),
            Some("guides/a.nl.md")
        );
        for bad in [
            "../etc/passwd",
            "services/../site.yaml",
            "services/GP.yaml",
            "guides/a.md",
            "guides/../a.nl.md",
            "services/con.yaml",
            "/etc/passwd",
            "services/a/b.yaml",
        ] {
            assert_eq!(checked_path(bad), None, "{bad}");
        }
        assert!(
            is_local_host("127.0.0.1:8080")
                && is_local_host("localhost:1")
                && is_local_host("[::1]")
        );
        assert!(!is_local_host("evil.example:8080") && !is_local_host("127.0.0.1.evil.example"));
        assert!(!is_local_host("localhost:80x") && !is_local_host("localhost.evil.example:80"));
        assert_eq!(percent_decode("services%2Fgp.yaml"), "services/gp.yaml");
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
