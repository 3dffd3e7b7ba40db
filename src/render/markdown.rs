//! Guide bodies: Markdown to HTML that is safe to publish whoever wrote it.

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

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

pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    CLEANER.clean(&raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

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
    fn drops_remote_images_keeps_local_ones() {
        let out = to_html("![a](https://tracker.example/x.png) ![b](images/map.png)");
        assert!(!out.contains("tracker"), "{out}");
        assert!(out.contains("images/map.png"), "{out}");
    }
}
