//! The schema of a file as the browser editor's form reads it (JSON Editor): one type per
//! field, every field shown but numbers (ticked to be included), each language's field named
//! and set in its direction, fields in the order the types declare them; and the yes-or-no
//! fields a form shows at their default, left out of a save when the file left them out.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::load;
use crate::load::schema::{SchemaFile, SiteIds, schema};
use crate::model::Lang;

/// The schema as JSON Editor reads it: one type per field (an optional field is left empty
/// rather than `null`), each language's field named and set in its own direction, longer
/// texts in a text area.
pub(super) fn form_schema(kind: SchemaFile, ids: &SiteIds, raw: &load::RawSite) -> Value {
    let mut s = schema(kind, ids);
    let languages: Vec<(String, String)> = raw
        .config
        .as_ref()
        .map(|c| {
            c.data
                .languages
                .value
                .iter()
                .map(|l| (l.code.value.clone(), l.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    if let Value::Object(map) = &mut s {
        // The page has its own heading.
        for key in ["$schema", "title", "description"] {
            map.remove(key);
        }
        map.insert("options".into(), json!({"compact": true}));
    }
    simplify(&mut s, &languages, None, &load::schema::field_orders());
    with_names(&mut s, &names_of(raw));
    s
}

/// The names people know the site's categories, services, contacts and guides by (in the
/// source language), per kind of id.
fn names_of(raw: &load::RawSite) -> Vec<BTreeMap<String, String>> {
    let source = raw.source_language().unwrap_or_default();
    let in_source = |t: &load::raw::RawTr<String>| t.get(source).cloned();
    let categories = raw
        .config
        .iter()
        .flat_map(|c| c.data.categories.iter())
        .filter_map(|c| Some((c.id.value.clone(), in_source(&c.name.value)?)))
        .collect();
    let services = raw
        .services
        .iter()
        .filter_map(|d| Some((d.data.id.value.clone(), in_source(&d.data.name.value)?)))
        .collect();
    let contacts = raw
        .contacts
        .iter()
        .map(|d| (d.data.id.value.clone(), d.data.name.value.clone()))
        .collect();
    let guides = raw
        .guides
        .iter()
        .filter(|d| d.data.lang == source)
        .map(|d| (d.data.id.clone(), d.data.meta.title.value.clone()))
        .collect();
    vec![categories, services, contacts, guides]
}

/// Each choice of ids shown by its name, with the id after it: "Huisarts Het Anker (gp)".
fn with_names(v: &mut Value, kinds: &[BTreeMap<String, String>]) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(choices)) = map.get("enum") {
                let ids: Vec<&str> = choices.iter().filter_map(Value::as_str).collect();
                let names = kinds
                    .iter()
                    .find(|names| !ids.is_empty() && ids.iter().all(|id| names.contains_key(*id)));
                if let Some(names) = names {
                    let titles: Vec<String> = ids
                        .iter()
                        .map(|id| format!("{} ({id})", names[*id]))
                        .collect();
                    let options = map.entry("options").or_insert_with(|| json!({}));
                    if let Value::Object(o) = options {
                        o.insert("enum_titles".into(), json!(titles));
                    }
                }
            }
            for child in map.values_mut() {
                with_names(child, kinds);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| with_names(c, kinds)),
        _ => {}
    }
}

fn simplify(
    v: &mut Value,
    languages: &[(String, String)],
    field: Option<&str>,
    orders: &[&[&str]],
) {
    let Value::Object(map) = v else { return };
    if let Some(Value::Array(types)) = map.get("type") {
        let one: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        if one.len() == 1 {
            map.insert("type".into(), one[0].clone());
        }
    }
    let long = matches!(field, Some("description" | "welcome" | "note"));
    // The form says nothing in regular expressions: wegwijs' own check explains a wrong value.
    map.remove("pattern");
    // Help is shown as plain text: no Markdown quotes.
    if let Some(Value::String(d)) = map.get_mut("description") {
        *d = d.replace('`', "");
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        let translated =
            !props.is_empty() && props.keys().all(|k| languages.iter().any(|(c, _)| c == k));
        // In the order of the site's languages, or of the type's fields.
        let order: Vec<&str> = if translated {
            languages.iter().map(|(c, _)| c.as_str()).collect()
        } else {
            orders
                .iter()
                .find(|o| props.keys().all(|k| o.contains(&k.as_str())))
                .map(|o| o.to_vec())
                .unwrap_or_default()
        };
        for (key, child) in props.iter_mut() {
            if let (Some(i), Value::Object(c)) = (order.iter().position(|k| k == key), &mut *child)
            {
                c.insert("propertyOrder".into(), json!(i + 1));
            }
            if translated {
                let name = languages
                    .iter()
                    .find(|(c, _)| c == key)
                    .map(|(_, n)| n.as_str());
                let dir = Lang::parse(key)
                    .map(|l| l.default_dir().as_str())
                    .unwrap_or("ltr");
                if let Value::Object(c) = child {
                    c.insert(
                        "title".into(),
                        json!(format!("{} ({key})", name.unwrap_or(key))),
                    );
                    let mut attrs = json!({"lang": key, "dir": dir});
                    if long {
                        c.insert("format".into(), json!("textarea"));
                        attrs["rows"] = json!(3);
                    }
                    c.insert("options".into(), json!({"inputAttributes": attrs}));
                }
                simplify(child, languages, field, orders);
            } else {
                if let Value::Object(c) = child
                    && !c.contains_key("title")
                {
                    c.insert("title".into(), json!(label_of(key)));
                }
                simplify(child, languages, Some(key.as_str()), orders);
            }
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = map.get_mut(key) {
            simplify(child, languages, field, orders);
        }
    }
    // Every field is shown (an empty one is not written), except what a form cannot leave
    // empty: a number, a group with one, and a choice the file may leave out (a list would
    // show its first value, and a save would write it). Those are ticked to be included.
    if let Some(Value::Object(props)) = map.get("properties") {
        let needed = |k: &str| {
            map.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x == k))
        };
        let shown: Vec<&String> = props
            .keys()
            .filter(|k| !has_number(&props[*k]))
            .filter(|k| props[*k].get("enum").is_none() || needed(k))
            .collect();
        let shown = json!(shown);
        map.insert("required".into(), shown);
    }
    if map.get("type") == Some(&json!("boolean"))
        && let Some(field) = field
    {
        map.insert("default".into(), json!(bool_default(field)));
        map.insert("format".into(), json!("checkbox"));
    }
}

/// A field's label in the form: its name as words (`opening_hours` → "Opening hours").
fn label_of(key: &str) -> String {
    if key == "id" {
        return "Id (its name in web addresses)".to_owned();
    }
    let words = key.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) if !first.is_ascii_digit() => first.to_uppercase().chain(chars).collect(),
        _ => words,
    }
}

fn has_number(v: &Value) -> bool {
    match v.get("type").and_then(Value::as_str) {
        Some("number" | "integer") => true,
        Some("object") => v
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.values().any(has_number)),
        _ => false,
    }
}

/// What a yes-or-no field means when a file leaves it out (as `raw.rs` reads it).
fn bool_default(field: &str) -> bool {
    matches!(field, "on_card" | "guides_on_paper")
}

/// `new` without the yes-or-no fields that the file left out and the form shows at their
/// meaning when left out: saving a form writes no field the person did not touch.
pub(super) fn without_untouched_defaults(new: &mut Value, old: &Value) {
    let (Value::Object(new), Some(old)) = (new, old.as_object()) else {
        return;
    };
    new.retain(|k, v| match (v, old.get(k)) {
        (Value::Bool(b), None) => *b != bool_default(k),
        _ => true,
    });
    for (k, v) in new.iter_mut() {
        match (v, old.get(k)) {
            (v @ Value::Object(_), Some(o)) => without_untouched_defaults(v, o),
            (v @ Value::Object(_), None) => without_untouched_defaults(v, &json!({})),
            (Value::Array(items), Some(Value::Array(olds))) => {
                for (i, item) in items.iter_mut().enumerate() {
                    without_untouched_defaults(item, olds.get(i).unwrap_or(&json!({})));
                }
            }
            (Value::Array(items), _) => {
                for item in items.iter_mut() {
                    without_untouched_defaults(item, &json!({}));
                }
            }
            _ => {}
        }
    }
}

/// The first problem of the file's shape (a field the type does not have, a value of the wrong
/// kind), as the loader reads it, with its line.
pub(super) fn shape_problem(kind: SchemaFile, path: &str, text: &str) -> Option<String> {
    use crate::load::raw;
    let file = std::sync::Arc::new(crate::diagnostics::SourceFile {
        path: path.to_owned(),
        text: text.into(),
    });
    let range = 0..text.len();
    let problem = match kind {
        SchemaFile::Site => load::parse_yaml::<raw::RawConfig>(&file, range)
            .first_problem()
            .err(),
        SchemaFile::Service => load::parse_yaml::<raw::RawService>(&file, range)
            .first_problem()
            .err(),
        SchemaFile::Contact => load::parse_yaml::<raw::RawContact>(&file, range)
            .first_problem()
            .err(),
        SchemaFile::GuideFrontMatter => load::parse_guide(file).first_problem().err(),
        SchemaFile::Translations => None,
    }?;
    let line = problem
        .line_col()
        .map_or(String::new(), |(l, _)| format!(" (line {l})"));
    let help = problem
        .help
        .as_ref()
        .map_or(String::new(), |h| format!(" ({h})"));
    Some(format!("{path}{line}: {}{help}", problem.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_a_field_the_form_would_drop_is_not_opened() {
        let text = "id: gp\nname: {nl: Huisarts}\ncategory: health\ndescription: {nl: a}\nadress: {street: a, postcode: b, city: c}\n";
        let p = shape_problem(SchemaFile::Service, "services/gp.yaml", text).unwrap();
        assert!(p.contains("line 5") && p.contains("adress"), "{p}");
        let fine = text.replace("adress", "address");
        assert_eq!(
            shape_problem(SchemaFile::Service, "services/gp.yaml", &fine),
            None
        );
    }

    #[test]
    fn a_choice_the_file_may_leave_out_is_not_chosen_for_it() {
        let raw =
            load::load_site(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"))
                .0;
        let ids = SiteIds::of(&raw, Vec::new());
        let s = form_schema(SchemaFile::Site, &ids, &raw);
        let lang = &s["properties"]["languages"]["items"];
        let shown = lang["required"].as_array().unwrap();
        assert!(shown.contains(&json!("code")) && shown.contains(&json!("name")));
        assert!(!shown.contains(&json!("dir")), "{lang}");
        let service = form_schema(SchemaFile::Service, &ids, &raw);
        let shown = service["required"].as_array().unwrap();
        assert!(shown.contains(&json!("category")) && shown.contains(&json!("email")));
        assert!(
            !shown.contains(&json!("location")),
            "a group with numbers is ticked"
        );
    }

    #[test]
    fn yes_or_no_fields_left_out_mean_what_the_loader_reads() {
        let text = "id: a\nname: A\nrole: {nl: r}\nservice: s\nhelps_with: {nl: [x]}\n";
        let c: load::raw::RawContact = serde_saphyr::from_str(text).unwrap();
        assert_eq!(c.on_card, bool_default("on_card"));
        assert_eq!(c.whatsapp, bool_default("whatsapp"));
        assert!(!load::raw::RawHours::default().by_appointment_only);
        assert!(!bool_default("by_appointment_only"));
        // A form's untouched defaults are not written; a changed one is.
        let old = json!({"id": "a"});
        let mut new = json!({"id": "a", "on_card": true, "whatsapp": false, "opening_hours": {"by_appointment_only": false}});
        without_untouched_defaults(&mut new, &old);
        assert_eq!(new, json!({"id": "a", "opening_hours": {}}));
        let mut new = json!({"id": "a", "on_card": false});
        without_untouched_defaults(&mut new, &old);
        assert_eq!(new, json!({"id": "a", "on_card": false}));
    }
}
