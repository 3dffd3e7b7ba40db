//! What the templates get from wegwijs besides their context: the escaping of every value, the
//! `t()` function for UI strings, and a template error said with all its causes.

use std::collections::HashMap;
use std::error::Error as _;
use std::sync::Arc;

use tera::Value;

use crate::i18n::Locales;
use crate::model::Lang;

/// Tera's escaping without its `/` → `&#x2F;`: every attribute value in the templates is quoted,
/// so `&`, `<`, `>`, `"` and `'` are all that must be escaped, and the site's many relative
/// links stay readable and a sixth shorter.
pub(super) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// The templates compiled, escaping with [`escape_html`]. The last compiled ones are kept and
/// handed out again for the same texts: compiling takes about 6 ms, which the preview would
/// otherwise spend on every save.
pub(super) fn compiled(templates: Vec<(&str, &str)>) -> Result<tera::Tera, tera::Error> {
    type Last = Option<(Vec<(String, String)>, tera::Tera)>;
    static LAST: std::sync::Mutex<Last> = std::sync::Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((texts, tera)) = &*last
        && texts.len() == templates.len()
        && texts
            .iter()
            .zip(&templates)
            .all(|((n, t), (m, u))| n == m && t == u)
    {
        return Ok(tera.clone());
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let texts = templates
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    tera.add_raw_templates(templates)?;
    *last = Some((texts, tera.clone()));
    Ok(tera)
}

pub(super) fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// `t(key="nav-home", lang=lang, …)` in templates: a UI string in the page's language. Its
/// output is text only; templates never put it in attributes or URLs, where Fluent's
/// isolation marks would corrupt the value.
pub(super) struct Translate(pub(super) Arc<Locales>);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or("t() needs key=\"message-id\"")?;
        let lang = args
            .get("lang")
            .and_then(Value::as_str)
            .and_then(|l| Lang::parse(l).ok())
            .ok_or("t() needs lang=lang")?;
        let rest = args
            .iter()
            .filter(|(k, _)| *k != "key" && *k != "lang")
            .map(|(k, v)| (k.as_str(), v));
        let fluent_args = Locales::args(rest);
        self.0
            .format(&lang, key, Some(&fluent_args))
            .map(Value::String)
            .ok_or_else(|| {
                format!("no UI message `{key}` in any language; add it to locales/").into()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escaping_leaves_slashes_and_every_script_alone() {
        assert_eq!(
            escape_html(r#"../nl/<b a="x">&'"#),
            "../nl/&lt;b a=&quot;x&quot;&gt;&amp;&#x27;"
        );
        assert_eq!(
            escape_html("ደሓን መጻእኩም / خوش آمدید"),
            "ደሓን መጻእኩም / خوش آمدید"
        );
    }
}
