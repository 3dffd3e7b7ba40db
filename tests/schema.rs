//! The JSON Schemas `wegwijs schema` writes, checked by a JSON Schema validator (the
//! `jsonschema` crate) against real files: every file of the example follows them, and the
//! invalid fixtures whose mistake a schema can see do not.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;
use wegwijs::load::schema::{SchemaFile, SiteIds, schema};

/// The schema of each kind of file for the site at `site`, as the command makes them.
fn schemas(site: &Path) -> Vec<(SchemaFile, jsonschema::Validator)> {
    let (raw, _) = wegwijs::load::load_site(site);
    let (theme, _) = wegwijs::load::Theme::load(&raw.dir);
    let ids = SiteIds::of(&raw, theme.icons.keys().cloned());
    SchemaFile::ALL
        .into_iter()
        .map(|f| {
            let s = schema(f, &ids);
            let v = jsonschema::validator_for(&s)
                .unwrap_or_else(|e| panic!("{}: not a valid schema: {e}", f.file_name()));
            (f, v)
        })
        .collect()
}

/// The YAML of a file as JSON: a guide's front matter, any other file whole.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        text.split("---\n").nth(1).unwrap_or("").to_owned()
    } else {
        text
    };
    serde_saphyr::from_str::<Value>(&yaml).unwrap_or(Value::Null)
}

/// The problems the schema of `path`'s kind finds in it.
fn problems(
    site: &Path,
    path: &Path,
    schemas: &[(SchemaFile, jsonschema::Validator)],
) -> Vec<String> {
    let relative = path
        .strip_prefix(site)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let Some(kind) = SchemaFile::of_path(&relative) else {
        return Vec::new();
    };
    let (_, validator) = schemas.iter().find(|(f, _)| *f == kind).unwrap();
    validator
        .iter_errors(&as_json(path))
        .map(|e| format!("{relative}: {e} at {}", e.instance_path()))
        .collect()
}

fn site_files(site: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn every_file_of_the_valid_sites_follows_its_schema() {
    // The example, the six-language fixture the invalid cases start from, and a town written
    // by someone else.
    for site in [
        example_site(),
        fixtures().join("valid"),
        fixtures().join("second-town"),
    ] {
        let schemas = schemas(&site);
        let mut checked = 0;
        let mut found = Vec::new();
        for path in site_files(&site) {
            let rel = path
                .strip_prefix(&site)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if SchemaFile::of_path(&rel.replace('\\', "/")).is_some() {
                checked += 1;
                found.extend(problems(&site, &path, &schemas));
            }
        }
        assert!(checked >= 5, "{}: {checked} files checked", site.display());
        assert!(found.is_empty(), "{}: {found:#?}", site.display());
    }
}

#[test]
fn the_invalid_fixtures_a_schema_can_see_are_invalid() {
    // Each of these has a mistake in the shape of a file, or an id or language the site does
    // not have; the others (a phone number, hours the wrong way round, YAML that does not parse)
    // are for wegwijs' own checks.
    let cases = [
        "day-without-brackets",
        "dutch-day-name",
        "empty-file",
        "field-in-dutch",
        "lat-out-of-range",
        "many-mistakes-in-one-file",
        "missing-field",
        "unknown-field",
        "unknown-icon",
        "unknown-language",
        "unknown-service",
        "wrong-type",
    ];
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = invalid_site(case, tmp.path());
        let schemas = schemas(&site);
        let overlay = fixtures().join("invalid").join(case);
        let found: Vec<String> = site_files(&overlay)
            .iter()
            .flat_map(|f| {
                problems(
                    &site,
                    &site.join(f.strip_prefix(&overlay).unwrap()),
                    &schemas,
                )
            })
            .collect();
        assert!(!found.is_empty(), "{case}: the schema sees no mistake");
    }
}

#[test]
fn the_card_panel_limits_are_the_printers() {
    let s = schema(SchemaFile::Site, &SiteIds::default());
    let panels = &s["properties"]["card"]["properties"]["min_panels"];
    assert_eq!(panels["minimum"], wegwijs::print::MIN_PANELS, "{panels}");
    assert_eq!(panels["maximum"], wegwijs::print::MAX_PANELS, "{panels}");
}
