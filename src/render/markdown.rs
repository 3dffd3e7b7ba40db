//! Guide bodies: Markdown to HTML that is safe to publish whoever wrote it.

use pulldown_cmark::{CowStr, Event, Parser, Tag, html};

use crate::model::{HTML_POLICY, MARKDOWN_OPTIONS, XrefKind, parse_xref};

/// The words of `markdown` without its markup, for the search index. Raw HTML is left out.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, MARKDOWN_OPTIONS) {
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
    let events = Parser::new_ext(markdown, MARKDOWN_OPTIONS).map(|event| match event {
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
    let clean = HTML_POLICY.clean(&raw).to_string();
    if clean.contains("<img") {
        without_sourceless_images(&clean)
    } else {
        clean
    }
}

/// `clean` without the `<img>` elements the policy took the address from (an image from
/// another website): an image without a source is invalid HTML and shows a broken picture.
/// Its author was told at validation. Reads the sanitiser's own serialisation, in which every
/// attribute value is double-quoted and comments and scripts are gone.
fn without_sourceless_images(clean: &str) -> String {
    let mut out = String::with_capacity(clean.len());
    let mut rest = clean;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tag = &rest[open..];
        // The tag ends at the first `>` outside a quoted value.
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(tag.len(), |(i, _)| i + 1);
        let (tag, after) = tag.split_at(end);
        let is_img = tag
            .strip_prefix("<img")
            .is_some_and(|r| r.starts_with([' ', '>', '/']));
        if !is_img || tag.contains(" src=\"") {
            out.push_str(tag);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
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
    }

    #[test]
    fn drops_remote_images_keeps_local_ones() {
        let out = to_html("![a](https://tracker.example/x.png) ![b](images/map.png)");
        assert!(!out.contains("tracker"), "{out}");
        assert!(out.contains("images/map.png"), "{out}");
        let raw = to_html(
            "<p title=\"<img\">a <img src=\"https://t.example/p.gif\" alt=\"x>y\"> b \
             <img src=\"map.png\" alt=\"\"></p>",
        );
        assert_eq!(
            raw, "<p title=\"&lt;img\">a  b <img src=\"map.png\" alt=\"\"></p>",
            "no image without its source is left"
        );
    }
}
