//! Guide bodies: Markdown to HTML that is safe to publish whoever wrote it.

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// The sanitiser's rules, built once: editors and translators may paste raw HTML, but scripts,
/// event handlers, styles and anything that loads from another host never reach the site.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.attribute_filter(|element, attribute, value| {
        let remote = value.starts_with("//") || value.contains("://");
        match (element, attribute) {
            // An image from elsewhere would make every reader's phone contact that host.
            ("img", "src") if remote => None,
            _ => Some(value.into()),
        }
    })
    .link_rel(Some("noopener noreferrer"))
    .url_schemes(["http", "https", "mailto", "tel"].into());
    b
});

pub const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// A link to something of the site by id: `service:health-centre`, `contact:amira-haddad`,
/// `guide:first-week`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XrefKind {
    Service,
    Contact,
    Guide,
}

impl XrefKind {
    pub fn name(self) -> &'static str {
        match self {
            XrefKind::Service => "service",
            XrefKind::Contact => "contact",
            XrefKind::Guide => "guide",
        }
    }
}

/// Splits `service:health-centre` into its kind and id; `None` for any other link.
pub fn parse_xref(dest: &str) -> Option<(XrefKind, &str)> {
    let (scheme, id) = dest.split_once(':')?;
    let kind = match scheme {
        "service" => XrefKind::Service,
        "contact" => XrefKind::Contact,
        "guide" => XrefKind::Guide,
        _ => return None,
    };
    Some((kind, id))
}

/// Every cross-reference in `markdown` with the byte range of its link.
pub fn xrefs(markdown: &str) -> Vec<(XrefKind, String, std::ops::Range<usize>)> {
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                parse_xref(&dest_url).map(|(k, id)| (k, id.to_owned(), range))
            }
            _ => None,
        })
        .collect()
}

/// The words of `markdown` without its markup, for the search index. Raw HTML is left out.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markdown to sanitised HTML. `resolve` turns a cross-reference into the URL of its page.
pub fn to_html(markdown: &str, resolve: &dyn Fn(XrefKind, &str) -> Option<String>) -> String {
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    let events = Parser::new_ext(markdown, OPTIONS).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match parse_xref(&dest_url).and_then(|(k, i)| resolve(k, i)) {
                Some(url) => CowStr::from(url),
                None => dest_url,
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    });
    html::push_html(&mut raw, events);
    CLEANER.clean(&raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_html(md: &str) -> String {
        super::to_html(md, &|_, _| None)
    }

    #[test]
    fn renders_markdown() {
        assert_eq!(
            to_html("# Title\n\n*a*"),
            "<h1>Title</h1>\n<p><em>a</em></p>\n"
        );
    }

    #[test]
    fn removes_scripts_and_handlers() {
        let out = to_html(
            "Hi <script>alert(1)</script><b onclick=\"x()\">b</b> <a href=\"javascript:x()\">l</a>",
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("<b>b</b>"), "{out}");
    }

    #[test]
    fn cross_references_become_page_links() {
        let md = "See [the GP](service:health-centre) or [Amira](contact:amira).";
        let out = super::to_html(md, &|kind, id| Some(format!("../{}/{id}/", kind.name())));
        assert!(
            out.contains(
                r#"<a href="../service/health-centre/" rel="noopener noreferrer">the GP</a>"#
            ),
            "{out}"
        );
        let found = xrefs(md);
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[1].0, found[1].1.as_str()),
            (XrefKind::Contact, "amira")
        );
        assert_eq!(&md[found[0].2.clone()], "[the GP](service:health-centre)");
    }

    #[test]
    fn drops_remote_images_keeps_local_ones() {
        let out = to_html("![a](https://tracker.example/x.png) ![b](images/map.png)");
        assert!(!out.contains("tracker"), "{out}");
        assert!(out.contains("images/map.png"), "{out}");
    }
}
