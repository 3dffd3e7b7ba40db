//! The Markdown dialect of guides and the links in it that point at the site's own pages.
//!
//! Validation checks these links and render resolves them, so both read them here, with the
//! same parser options.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// CommonMark with tables and strikethrough: what guides may use.
pub const MARKDOWN_OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// What raw HTML in a guide may keep, built once: editors and translators may paste raw HTML,
/// but scripts, event handlers, styles and anything that loads from another host never reach
/// the site. Render cleans with it; validation tells the author what it removes.
pub static HTML_POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.attribute_filter(|element, attribute, value| match (element, attribute) {
        // An image from elsewhere would make every reader's phone contact that host.
        ("img", "src") if is_remote(value) => None,
        _ => Some(value.into()),
    })
    .link_rel(Some("noopener noreferrer"))
    .url_schemes(["http", "https", "mailto", "tel"].into());
    b
});

fn is_remote(url: &str) -> bool {
    url.starts_with("//") || url.contains("://")
}

/// Something the HTML policy takes out of a guide, and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemovedHtml {
    /// Byte range in the Markdown.
    pub range: std::ops::Range<usize>,
    /// What goes, for the author: "`<script>` and its content".
    pub what: String,
}

/// Everything in the raw HTML of `markdown` that [`HTML_POLICY`] removes.
pub fn removed_html(markdown: &str) -> Vec<RemovedHtml> {
    let policy = &*HTML_POLICY;
    let mut out = Vec::new();
    let fragments = Parser::new_ext(markdown, MARKDOWN_OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Html(_) | Event::InlineHtml(_) => Some(range),
            _ => None,
        });
    let (tags, content_tags) = (policy.clone_tags(), policy.clone_clean_content_tags());
    let (tag_attrs, generic) = (
        policy.clone_tag_attributes(),
        policy.clone_generic_attributes(),
    );
    let schemes = policy.clone_url_schemes();
    for range in fragments {
        for tag in start_tags(&markdown[range.clone()]) {
            let at = range.start + tag.at.start..range.start + tag.at.end;
            let name = tag.name.as_str();
            if !tags.contains(name) {
                let what = if content_tags.contains(name) {
                    format!("`<{name}>` and its content")
                } else {
                    format!("the `<{name}>` element")
                };
                out.push(RemovedHtml { range: at, what });
                continue;
            }
            for (attr, value) in &tag.attributes {
                let allowed = generic.contains(attr.as_str())
                    || tag_attrs
                        .get(name)
                        .is_some_and(|a| a.contains(attr.as_str()));
                let what = if !allowed {
                    format!("the `{attr}` attribute of `<{name}>`")
                } else if matches!(attr.as_str(), "href" | "src" | "cite" | "action")
                    && url_scheme(value).is_some_and(|s| !schemes.contains(s.as_str()))
                {
                    format!("the address `{}` of `<{name}>`", short(value))
                } else if name == "img" && attr == "src" && is_remote(value) {
                    format!("the image from another website `{}`", short(value))
                } else {
                    continue;
                };
                out.push(RemovedHtml {
                    range: at.clone(),
                    what,
                });
            }
        }
    }
    out
}

/// The scheme of an absolute URL (`javascript`, `data`), lowercased; `None` for a relative one.
fn url_scheme(url: &str) -> Option<String> {
    let url: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let (scheme, _) = url.split_once(':')?;
    (!scheme.is_empty()
        && scheme.chars().next()?.is_ascii_alphabetic()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then(|| scheme.to_ascii_lowercase())
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// A start tag found in raw HTML, with where it is in the fragment.
struct StartTag {
    name: String,
    attributes: Vec<(String, String)>,
    at: std::ops::Range<usize>,
}

/// The start tags of an HTML fragment, read leniently: enough to tell an author what the
/// sanitiser drops (the sanitiser itself parses with html5ever).
fn start_tags(html: &str) -> Vec<StartTag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        i = lt + 1;
        let name_len = html[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(html.len() - i);
        if name_len == 0 || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attributes = Vec::new();
        loop {
            let rest = &html[i..];
            let skip = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '/')
                    .len();
            i += skip;
            if i >= html.len() || bytes[i] == b'>' {
                i = (i + 1).min(html.len());
                break;
            }
            let attr_len = html[i..]
                .find(|c: char| c.is_whitespace() || "=>/".contains(c))
                .unwrap_or(html.len() - i)
                .max(1);
            let attr = html[i..i + attr_len].to_ascii_lowercase();
            i += attr_len;
            let mut value = String::new();
            if html[i..].trim_start().starts_with('=') {
                i += html[i..].find('=').expect("checked") + 1;
                i += html[i..].len() - html[i..].trim_start().len();
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[i + 1..]
                            .find(q as char)
                            .map_or(html.len(), |e| i + 1 + e);
                        value = html[i + 1..end].to_owned();
                        i = (end + 1).min(html.len());
                    }
                    _ => {
                        let end = html[i..]
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .map_or(html.len(), |e| i + e);
                        value = html[i..end].to_owned();
                        i = end;
                    }
                }
            }
            attributes.push((attr, value));
        }
        tags.push(StartTag {
            name,
            attributes,
            at: lt..i,
        });
    }
    tags
}

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

/// A cross-reference found in a guide's Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Xref {
    pub kind: XrefKind,
    pub id: String,
    /// The byte range of the whole link in the Markdown.
    pub range: std::ops::Range<usize>,
}

/// Every cross-reference in `markdown`, in order.
pub fn xrefs(markdown: &str) -> Vec<Xref> {
    Parser::new_ext(markdown, MARKDOWN_OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                parse_xref(&dest_url).map(|(kind, id)| Xref {
                    kind,
                    id: id.to_owned(),
                    range,
                })
            }
            _ => None,
        })
        .collect()
}

/// A link written without what makes it one: a website without `https://` (`www.ggd.nl`),
/// an e-mail address without `mailto:`. On the page it would lead to a page of the site
/// that does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BareAddress {
    pub written: String,
    /// The address as it should be written.
    pub meant: String,
    /// The byte range of the whole link in the Markdown.
    pub range: std::ops::Range<usize>,
}

/// Every link of `markdown` that is a website or e-mail address written without its scheme.
pub fn bare_addresses(markdown: &str) -> Vec<BareAddress> {
    Parser::new_ext(markdown, MARKDOWN_OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| {
            let Event::Start(Tag::Link { dest_url, .. }) = event else {
                return None;
            };
            let written = dest_url.trim();
            if written.contains(':') || written.starts_with(['/', '.', '#', '?']) {
                return None;
            }
            let meant = if written.contains('@') && !written.contains('/') {
                format!("mailto:{written}")
            } else {
                let host = written.split(['/', '?', '#']).next().unwrap_or("");
                let tld = host.rsplit('.').next().unwrap_or("");
                let domain = host.contains('.')
                    && (host.starts_with("www.")
                        || COMMON_TLDS.contains(&tld.to_lowercase().as_str()));
                if !domain {
                    return None;
                }
                format!("https://{written}")
            };
            Some(BareAddress {
                written: written.to_owned(),
                meant,
                range,
            })
        })
        .collect()
}

/// Endings of web addresses staff in the Netherlands write, told from file names (`.pdf`).
const COMMON_TLDS: &[&str] = &[
    "nl", "com", "org", "net", "eu", "be", "de", "info", "nu", "io", "int", "gov", "edu", "uk",
    "fr",
];

/// `body` without a first heading that only repeats `title`: most Markdown is written with
/// `# Title` at the top, and the page shows the title already.
pub fn without_title<'a>(body: &'a str, title: &str) -> &'a str {
    let mut events = Parser::new_ext(body, MARKDOWN_OPTIONS).into_offset_iter();
    let Some((Event::Start(Tag::Heading { .. }), range)) = events.next() else {
        return body;
    };
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    if words(&text) == words(title) {
        body[range.end..].trim_start_matches(['\r', '\n'])
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_and_e_mail_addresses_without_their_scheme_are_found() {
        let md = "Zie [GGD](www.ggd.nl), [IND](ind.nl/en), [mail](info@ggd.nl), \
                  [goed](https://www.ggd.nl), [form](aanvraag.pdf), [kaart](../map/) en \
                  [arts](service:gp).";
        let found: Vec<(String, String)> = bare_addresses(md)
            .into_iter()
            .map(|b| (b.written, b.meant))
            .collect();
        assert_eq!(
            found,
            [
                ("www.ggd.nl".into(), "https://www.ggd.nl".into()),
                ("ind.nl/en".into(), "https://ind.nl/en".into()),
                ("info@ggd.nl".into(), "mailto:info@ggd.nl".into()),
            ]
        );
    }

    #[test]
    fn removed_html_is_found_where_it_is_written() {
        let md = "Klik <b onclick=\"x()\">hier</b>.\n\n<script>alert(1)</script>\n\n\
                  <a href=\"javascript:x()\">a</a> <a href=\"https://ok.example\">b</a> \
                  <img src=\"https://tracker.example/p.gif\" alt=\"\"> <img src=\"map.png\" alt=\"\">\n\n\
                  <iframe src=\"https://x.example\"></iframe> <svg><script>1</script></svg>\n";
        let found = removed_html(md);
        let whats: Vec<&str> = found.iter().map(|r| r.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "the `onclick` attribute of `<b>`",
                "`<script>` and its content",
                "the address `javascript:x()` of `<a>`",
                "the image from another website `https://tracker.example/p.gif`",
                "the `<iframe>` element",
                "the `<svg>` element",
                "`<script>` and its content",
            ]
        );
        assert_eq!(&md[found[0].range.clone()], "<b onclick=\"x()\">");
        assert!(removed_html("Plain *text* and <b>bold</b> <!-- a note -->").is_empty());
    }

    #[test]
    fn a_heading_repeating_the_title_is_dropped() {
        assert_eq!(
            without_title("# Your first week\n\nText.\n", "Your first week"),
            "Text.\n"
        );
        assert_eq!(
            without_title("\n#  your FIRST week \nText.", "Your first week"),
            "Text."
        );
        assert_eq!(
            without_title("Your first week\n===\n\nText.", "Your first week"),
            "Text."
        );
        assert_eq!(
            without_title("## Your first week\nText.", "Your first week"),
            "Text."
        );
        // Another heading, or the title further down, stays.
        assert_eq!(
            without_title("# Before you come\n\nText.", "Your first week"),
            "# Before you come\n\nText."
        );
        assert_eq!(
            without_title("Text.\n\n# Your first week\n", "Your first week"),
            "Text.\n\n# Your first week\n"
        );
        assert_eq!(without_title("", "Your first week"), "");
    }

    #[test]
    fn finds_cross_references_with_their_place() {
        let md = "See [the GP](service:health-centre) or [Amira](contact:amira), [x](https://a.example).";
        let found = xrefs(md);
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[1].kind, found[1].id.as_str()),
            (XrefKind::Contact, "amira")
        );
        assert_eq!(
            &md[found[0].range.clone()],
            "[the GP](service:health-centre)"
        );
    }
}
