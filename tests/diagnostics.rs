//! One invalid site per kind of mistake, each with its expected report as a snapshot.

mod common;

use common::*;

#[test]
fn every_kind_of_mistake_is_reported_with_its_location() {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12);
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = invalid_site(&case, tmp.path());
        let out = tmp.path().join("out");
        let diags = match wegwijs::build::build(&site, &out) {
            Ok(_) => panic!("{case}: the build should fail"),
            Err(d) => d,
        };
        assert!(diags.has_errors(), "{case}");
        assert!(!out.exists(), "{case}: nothing written");
        for d in diags
            .iter()
            .filter(|d| d.severity == wegwijs::diagnostics::Severity::Error)
        {
            assert!(
                d.file.is_some(),
                "{case}: every error names its file: {}",
                d.message
            );
            assert!(
                d.help.is_some(),
                "{case}: every error says what to do: {}",
                d.message
            );
        }
        insta::assert_snapshot!(case.clone(), diags.errors().render(false));
    }
}
