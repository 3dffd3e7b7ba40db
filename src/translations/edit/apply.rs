//! A whole file's new values (from the browser editor's form) written into the YAML as the
//! few edits that differ: a changed value is replaced where it stands, a new field inserted
//! after the others, a field no longer there removed. Comments, order, quotes and blank lines
//! of everything else stay; and the place in a file where a problem is found, as a field path.

use serde_json::Value as Json;

use super::{Node, Value, insert, parse, remove_entry, replace};

/// `text` with the values of `new` (a map, as the form sends it): each field that differs
/// from the file edited in place. `null` and empty texts remove a field. A new field goes
/// where `orders` (lists of field names, such as a type's fields or the site's languages)
/// put it: after the fields that come before it in the list that has all of the map's.
pub fn apply(text: &str, new: &Json, orders: &[&[&str]]) -> Result<String, String> {
    let mut text = text.to_owned();
    let old = as_json(&text)?;
    merge(&mut text, &mut Vec::new(), &old, new, orders)?;
    // Read back: the file must now hold exactly the new values.
    let back = as_json(&text)?;
    if same(&back, &pruned(new)) {
        Ok(text)
    } else {
        Err(format!(
            "the written file does not read back the same: {back} ≠ {}",
            pruned(new)
        ))
    }
}

/// The YAML of `text` as JSON (an empty file is an empty map).
fn as_json(text: &str) -> Result<Json, String> {
    if crate::load::is_blank_yaml(text) {
        return Ok(Json::Object(Default::default()));
    }
    serde_saphyr::from_str::<Json>(text).map_err(|e| format!("invalid YAML: {e}"))
}

/// `value` without the fields that are left empty (`null`, `""`, `[]`, `{}`).
fn pruned(value: &Json) -> Json {
    match value {
        Json::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), pruned(v)))
                .filter(|(_, v)| !is_empty(v))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(pruned).collect()),
        v => v.clone(),
    }
}

/// Whether a form's value says nothing: null, blank text, an empty list or group.
pub(crate) fn is_empty(v: &Json) -> bool {
    match v {
        Json::Null => true,
        Json::String(s) => s.trim().is_empty(),
        Json::Array(a) => a.is_empty(),
        Json::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// Equal as the loader reads them: `112` in the file and `"112"` from a form are one value.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Json::String(s), Json::Number(n)) | (Json::Number(n), Json::String(s)) => {
            s.trim() == n.to_string()
        }
        (Json::String(s), Json::Bool(b)) | (Json::Bool(b), Json::String(s)) => {
            s.trim() == b.to_string()
        }
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Edits `text` so that the map at `path` holds `new`'s fields.
fn merge(
    text: &mut String,
    path: &mut Vec<String>,
    old: &Json,
    new: &Json,
    orders: &[&[&str]],
) -> Result<(), String> {
    let (Json::Object(old), Json::Object(new)) = (old, new) else {
        return Err("the values of a file are a map of fields".into());
    };
    let order: &[&str] = orders
        .iter()
        .find(|o| {
            new.keys()
                .chain(old.keys())
                .all(|k| o.contains(&k.as_str()))
        })
        .copied()
        .unwrap_or(&[]);
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
    let mut keys: Vec<&String> = new.keys().collect();
    keys.sort_by_key(|k| rank(k));
    for key in keys {
        let value = pruned(&new[key.as_str()]);
        let before = &order[..rank(key).min(order.len())];
        match old.get(key.as_str()) {
            _ if is_empty(&value) => {}
            Some(was) if same(was, &value) => {}
            Some(was @ Json::Object(_)) if value.is_object() => {
                path.push(key.clone());
                merge(text, path, was, &value, orders)?;
                path.pop();
            }
            Some(_) => set(text, path, key, &value, before, orders)?,
            None => set(text, path, key, &value, before, orders)?,
        }
    }
    for (key, was) in old {
        let gone = new.get(key).is_none_or(|v| is_empty(&pruned(v)));
        if gone && !is_empty(was) {
            let (root, map) = at(text, path)?;
            let Node::Map { entries, flow, .. } = map(&root) else {
                return Err("not a map".into());
            };
            *text = remove_entry(text, entries, *flow, key)?;
        } else if gone {
            // An empty field (`note:`) goes too: the form left it empty.
            let (root, map) = at(text, path)?;
            if let Node::Map { entries, flow, .. } = map(&root)
                && entries.iter().any(|e| e.key == *key)
            {
                *text = remove_entry(text, entries, *flow, key)?;
            }
        }
    }
    Ok(())
}

type Finder = Box<dyn Fn(&Node) -> &Node>;

/// The tree of `text` and a way to the map at `path` in it.
fn at(text: &str, path: &[String]) -> Result<(Node, Finder), String> {
    let root = parse(text, 0..text.len())?;
    // Check the way once; the finder then walks it without failing.
    let mut node = &root;
    for key in path {
        node =
            match node {
                Node::Map { entries, .. } => entries
                    .iter()
                    .find(|e| e.key == *key)
                    .map(|e| &e.value)
                    .ok_or_else(|| format!("`{}` not found", path.join(".")))?,
                _ => return Err(format!("`{}` is not a map", path.join("."))),
            };
    }
    if !matches!(node, Node::Map { .. }) {
        return Err(format!("`{}` is not a map", path.join(".")));
    }
    let path = path.to_vec();
    let finder: Finder = Box::new(move |root: &Node| {
        let mut node = root;
        for key in &path {
            if let Node::Map { entries, .. } = node
                && let Some(e) = entries.iter().find(|e| e.key == *key)
            {
                node = &e.value;
            }
        }
        node
    });
    Ok((root, finder))
}

/// Sets `key` in the map at `path` to `value`, replacing it where it stands, or adding it after
/// the last of `before` the map has (else last).
fn set(
    text: &mut String,
    path: &[String],
    key: &str,
    value: &Json,
    before: &[&str],
    orders: &[&[&str]],
) -> Result<(), String> {
    let blank = as_json(text)?.as_object().is_some_and(|m| m.is_empty());
    if blank && path.is_empty() {
        // A new file (or one of comments only): the field goes at the end.
        let rendered = super::render(Value::Json(value, orders), false, 0);
        let newline = if text.is_empty() || text.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        text.push_str(&format!("{newline}{key}:{rendered}\n"));
        return Ok(());
    }
    let (root, map) = at(text, path)?;
    let Node::Map { entries, flow, .. } = map(&root) else {
        return Err("not a map".into());
    };
    let value = Value::Json(value, orders);
    *text = match entries.iter().find(|e| e.key == key) {
        Some(entry) => replace(text, entry, *flow, value)?,
        None => insert(text, entries, *flow, key, value, before)?,
    };
    Ok(())
}

/// The field a byte of `text` lies in, as the keys (and list positions) from the top: the
/// place a problem found there is shown at in the form.
pub fn path_at(text: &str, offset: usize) -> Vec<String> {
    let Ok(root) = parse(text, 0..text.len()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut node = &root;
    loop {
        let next = match node {
            Node::Map { entries, .. } => entries
                .iter()
                .find(|e| {
                    (e.key_span.start..e.value.span().end.max(e.key_span.end) + 1).contains(&offset)
                })
                .map(|e| (e.key.clone(), &e.value)),
            Node::Seq { items, .. } => items
                .iter()
                .enumerate()
                .find(|(_, i)| (i.span().start..i.span().end + 1).contains(&offset))
                .map(|(n, i)| (n.to_string(), i)),
            Node::Scalar { .. } => None,
        };
        match next {
            Some((key, child)) => {
                out.push(key);
                node = child;
            }
            None => return out,
        }
    }
}

/// A JSON value as YAML after `key:` at column `indent`, including the leading space or line
/// break: lists of texts and anything inside braces in flow style, maps and lists of maps in
/// block style.
pub(super) fn render_json(
    v: &serde_json::Value,
    flow: bool,
    indent: usize,
    orders: &[&[&str]],
) -> String {
    use serde_json::Value as J;
    let simple = |v: &J| !matches!(v, J::Array(_) | J::Object(_));
    // JSON maps come sorted: the fields in the order that has them all.
    let fields = |map: &'_ serde_json::Map<String, J>| -> Vec<(String, J)> {
        let mut fields: Vec<(String, J)> =
            map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if let Some(order) = orders
            .iter()
            .find(|o| map.keys().all(|k| o.contains(&k.as_str())))
        {
            fields.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
        }
        fields
    };
    let render_json = |v: &J, flow: bool, indent: usize| render_json(v, flow, indent, orders);
    match v {
        J::Null => String::new(),
        J::String(s) if flow => format!(" {}", flow_scalar(s)),
        J::String(s) => format!(" {}", super::scalar(s)),
        J::Number(_) | J::Bool(_) => format!(" {v}"),
        J::Array(items) if flow || items.iter().all(simple) => {
            let items: Vec<String> = items
                .iter()
                .map(|i| render_json(i, true, 0).trim_start().to_owned())
                .collect();
            format!(" [{}]", items.join(", "))
        }
        J::Object(map) if flow || map.is_empty() => {
            let fields: Vec<String> = fields(map)
                .iter()
                .map(|(k, v)| format!("{k}:{}", render_json(v, true, 0)))
                .collect();
            format!(" {{{}}}", fields.join(", "))
        }
        J::Array(items) => {
            let pad = " ".repeat(indent + 2);
            items
                .iter()
                .map(|i| match i {
                    J::Object(map) if !map.is_empty() => {
                        let fields: Vec<String> = fields(map)
                            .iter()
                            .map(|(k, v)| format!("{k}:{}", render_json(v, false, indent + 4)))
                            .collect();
                        format!("\n{pad}- {}", fields.join(&format!("\n{pad}  ")))
                    }
                    other => format!("\n{pad}-{}", render_json(other, true, indent + 2)),
                })
                .collect()
        }
        J::Object(map) => {
            let pad = " ".repeat(indent + 2);
            fields(map)
                .iter()
                .map(|(k, v)| format!("\n{pad}{k}:{}", render_json(v, false, indent + 2)))
                .collect()
        }
    }
}

/// A scalar inside `[…]` or `{…}`: plain when YAML reads it back the same there.
fn flow_scalar(text: &str) -> String {
    let plain = super::scalar(text);
    if plain == text && !text.contains([',', '[', ']', '{', '}']) {
        plain
    } else {
        super::quoted(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_what_changed_is_written() {
        let text = "# The GP\nid: gp  # keep\nname:\n  nl: Huisarts\n  en: GP\ncategory: health\nlocation: {lat: 52.1, lon: 5.1}\nphones:\n  - number: 0341 700 100\n";
        let new = json!({
            "id": "gp",
            "name": {"nl": "Huisarts", "en": "Family doctor", "ar": "طبيب"},
            "category": "health",
            "location": {"lat": 52.1, "lon": 5.2},
            "phones": [{"number": "0341 700 100"}],
            "opening_hours": {"mon": ["08:00-17:00"], "note": null},
            "email": ""
        });
        let out = apply(text, &new, &[]).unwrap();
        assert_eq!(
            out,
            "# The GP\nid: gp  # keep\nname:\n  nl: Huisarts\n  en: Family doctor\n  ar: طبيب\ncategory: health\nlocation: {lat: 52.1, lon: 5.2}\nphones:\n  - number: 0341 700 100\nopening_hours:\n  mon: [08:00-17:00]\n"
        );
        // A field the form leaves out or empties is removed.
        let new = json!({"id": "gp", "name": {"nl": "Huisarts"}, "category": "health", "location": {"lat": 52.1, "lon": 5.1}, "phones": []});
        let out = apply(text, &new, &[]).unwrap();
        assert_eq!(
            out,
            "# The GP\nid: gp  # keep\nname:\n  nl: Huisarts\ncategory: health\nlocation: {lat: 52.1, lon: 5.1}\n"
        );
    }

    #[test]
    fn a_new_file_is_written_from_nothing() {
        let new = json!({"id": "x", "name": {"nl": "X: de dienst"}, "languages": ["nl", "en"]});
        let out = apply("", &new, &[&["id", "name", "languages"]]).unwrap();
        assert_eq!(as_json(&out).unwrap(), new, "{out}");
        assert!(
            out.starts_with("id: x\nname:\n  nl: \"X: de dienst\"\nlanguages:"),
            "{out}"
        );
    }

    #[test]
    fn a_place_in_the_file_is_a_field_path() {
        let text = "id: gp\nname:\n  nl: Huisarts\n  en: GP\nopening_hours:\n  thu: [25:00-26:00]\nphones:\n  - number: x\n";
        let at = |s: &str| path_at(text, text.find(s).unwrap());
        assert_eq!(at("GP"), ["name", "en"]);
        assert_eq!(at("25:00"), ["opening_hours", "thu", "0"]);
        assert_eq!(at("number: x"), ["phones", "0", "number"]);
        assert_eq!(at("id"), ["id"]);
    }
}
