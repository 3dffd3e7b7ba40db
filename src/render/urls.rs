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

pub fn map(lang: &Lang) -> String {
    format!("{lang}/map/")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_root() {
        assert_eq!(root_of(&file_of("")), "");
        assert_eq!(root_of(&file_of("nl/")), "../");
        assert_eq!(root_of(&file_of("nl/guides/x/")), "../../../");
    }
}
