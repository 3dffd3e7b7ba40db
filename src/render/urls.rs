//! Where every page lives, relative to the site root. Ids are validated path segments, so
//! nothing here needs escaping.

use crate::model::{Id, Lang};

pub fn home(lang: &Lang) -> String {
    format!("{lang}/")
}

pub fn contacts(lang: &Lang) -> String {
    format!("{lang}/contacts/")
}

pub fn contact(lang: &Lang, id: &Id) -> String {
    format!("{lang}/contacts/#{id}")
}

pub fn vcard(lang: &Lang, id: &Id) -> String {
    format!("{lang}/contacts/{id}.vcf")
}

pub fn services(lang: &Lang) -> String {
    format!("{lang}/services/")
}

pub fn category(lang: &Lang, id: &Id) -> String {
    format!("{lang}/services/#{id}")
}

pub fn service(lang: &Lang, id: &Id) -> String {
    format!("{lang}/services/{id}/")
}

pub fn guides(lang: &Lang) -> String {
    format!("{lang}/guides/")
}

pub fn guide(lang: &Lang, id: &Id) -> String {
    format!("{lang}/guides/{id}/")
}

/// One file of a guide's recording, beside its page, named by its content.
pub fn recording(lang: &Lang, id: &Id, source: &crate::model::AudioSource) -> String {
    format!(
        "{lang}/guides/{id}/recording-{}.{}",
        source.digest,
        source.format.extension()
    )
}

/// The guide on paper, beside its page.
pub fn guide_pdf(lang: &Lang, id: &Id) -> String {
    format!("{lang}/guides/{id}/guide.pdf")
}

pub fn map(lang: &Lang) -> String {
    format!("{lang}/map/")
}

pub fn search(lang: &Lang) -> String {
    format!("{lang}/search/")
}

/// The file a page URL is written to.
pub fn file_of(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_owned()
    }
}

/// The way from a page's file back up to the site root: `../../` for `nl/guides/x/index.html`.
pub fn root_of(file: &str) -> String {
    "../".repeat(file.matches('/').count())
}

/// The output file a relative `link` on page `from` points at (`""` is the page itself).
pub fn resolve(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if link.is_empty() {
        return Some(from.to_owned());
    }
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_to_files() {
        assert_eq!(
            resolve("nl/guides/x/index.html", "../../contacts/").unwrap(),
            "nl/contacts/index.html"
        );
        assert_eq!(
            resolve("nl/index.html", "../style.css").unwrap(),
            "style.css"
        );
        assert_eq!(resolve("index.html", "nl/").unwrap(), "nl/index.html");
        assert!(resolve("index.html", "../../etc/passwd").is_none());
    }

    #[test]
    fn relative_root() {
        assert_eq!(root_of(&file_of("")), "");
        assert_eq!(root_of(&file_of("nl/")), "../");
        assert_eq!(root_of(&file_of("nl/guides/x/")), "../../../");
    }
}
