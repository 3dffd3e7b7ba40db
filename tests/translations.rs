//! Translation status: `translations status | accept | minor`, the reader's notice and the
//! check's report.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn wegwijs(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    copy_dir(&fixtures().join("valid"), &site);
    site
}

fn status(site: &Path) -> serde_json::Value {
    let out = wegwijs(&[
        "translations",
        "status",
        site.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The items of one language's list (`outdated`, `missing`, …) in the JSON status.
fn list(status: &serde_json::Value, lang: &str, which: &str) -> Vec<String> {
    let l = status["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lang"] == lang)
        .unwrap();
    serde_json::from_value(l[which].clone()).unwrap()
}

fn accept(site: &Path, args: &[&str]) -> String {
    let mut all = vec!["translations", "accept", "--site", site.to_str().unwrap()];
    all.extend(args);
    let out = wegwijs(&all);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

fn edit(path: &Path, from: &str, to: &str) {
    let s = fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{from} in {}", path.display());
    fs::write(path, s.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_changed_source_makes_its_translations_outdated_until_updated_or_declared_minor() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let s = status(&site);
    assert_eq!(
        list(&s, "so", "unverified").len(),
        s["items"].as_u64().unwrap() as usize - list(&s, "so", "missing").len()
    );
    assert!(list(&s, "ti", "missing").contains(&"guide/welcome".to_owned()));
    // The table names the unverified texts too, not only their number.
    let table = wegwijs(&["translations", "status", site.to_str().unwrap()]);
    let table = text(&table);
    let first = &list(&s, "so", "unverified")[0];
    assert!(
        table.contains("Unverified (no record of the source they were made from):")
            && table.contains(&format!("  so    {first}")),
        "{table}"
    );

    accept(&site, &["--unverified"]);
    let ledger = fs::read_to_string(site.join("translations.yaml")).unwrap();
    assert!(ledger.contains("guide/welcome:\n  nl: "), "{ledger}");
    let s = status(&site);
    assert_eq!(s["languages"][4]["lang"], "so");
    assert_eq!(
        s["languages"][4]["up_to_date_percent"],
        s["languages"][4]["translated_percent"]
    );
    assert!(list(&s, "so", "unverified").is_empty());

    // A meaningful change to the Dutch guide.
    edit(&site.join("guides/welcome.nl.md"), "Bel de", "Bel eerst de");
    let s = status(&site);
    assert_eq!(list(&s, "so", "outdated"), ["guide/welcome"]);
    assert!(
        list(&s, "en", "outdated").is_empty(),
        "en has no guide: missing"
    );

    // The reader of the Somali page is told, in Somali, and sent to the Dutch text.
    let out = tmp.path().join("out");
    let b = wegwijs(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(b.status.success(), "{}", text(&b));
    let doc = page(&out, "so/guides/welcome/index.html");
    let notice = select(&doc, "article .notice");
    assert_eq!(notice.len(), 1);
    let link = select(&doc, "article .notice a")[0];
    assert_eq!(
        link.value().attr("href"),
        Some("../../../nl/guides/welcome/")
    );
    assert_eq!(link.value().attr("hreflang"), Some("nl"));
    let up_to_date = page(&out, "nl/guides/welcome/index.html");
    assert!(select(&up_to_date, "article .notice").is_empty());

    // `check` warns, and so fails with --strict.
    let c = wegwijs(&["check", site.to_str().unwrap()]);
    let report = text(&c);
    assert!(
        report.contains("`guide/welcome` changed in nl after its so translation was made"),
        "{report}"
    );
    // The same numbers, in the same words, as `translations status`.
    let so = status(&site)["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lang"] == "so")
        .unwrap()
        .clone();
    let line = format!(
        "so {}% translated, {}% up to date (1 outdated, 2 missing)",
        so["translated_percent"], so["up_to_date_percent"]
    );
    assert!(line.starts_with("so 77% translated"), "{line}");
    assert!(report.contains(&line), "{line} in {report}");

    // The editor says the change was a typo: the translation is up to date again.
    let m = wegwijs(&[
        "translations",
        "minor",
        "--site",
        site.to_str().unwrap(),
        "guide/welcome",
    ]);
    assert!(m.status.success(), "{}", text(&m));
    assert!(
        text(&m).contains("so    guide/welcome (outdated before)"),
        "{}",
        text(&m)
    );
    assert!(list(&status(&site), "so", "outdated").is_empty());

    // A meaningful change to the welcome text, of which only English is updated, then a
    // typo fix declared minor: English stays up to date, Arabic and Somali stay outdated.
    edit(
        &site.join("site.yaml"),
        "nl: Welkom,",
        "nl: Welkom in ons dorp,",
    );
    accept(&site, &["site/welcome", "--lang", "en"]);
    edit(
        &site.join("site.yaml"),
        "nl: Welkom in ons dorp,",
        "nl: Welkom in ons dorp!,",
    );
    let m = wegwijs(&[
        "translations",
        "minor",
        "--site",
        site.to_str().unwrap(),
        "site",
    ]);
    assert!(m.status.success(), "{}", text(&m));
    let s = status(&site);
    assert!(list(&s, "en", "outdated").is_empty());
    assert_eq!(list(&s, "ar", "outdated"), ["site/welcome"]);
    assert_eq!(list(&s, "so", "outdated"), ["site/welcome"]);
}

#[test]
fn machine_translations_are_marked_for_readers() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    accept(&site, &["guide/welcome", "--lang", "so", "--machine"]);
    let s = status(&site);
    assert_eq!(list(&s, "so", "machine"), ["guide/welcome"]);
    let out = tmp.path().join("out");
    let b = wegwijs(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(b.status.success(), "{}", text(&b));
    let doc = page(&out, "so/guides/welcome/index.html");
    assert_eq!(select(&doc, "article .notice a").len(), 1);
    // A person checks it: no longer machine-translated.
    accept(&site, &["guide/welcome", "--lang", "so"]);
    assert!(list(&status(&site), "so", "machine").is_empty());
}

#[test]
fn unknown_names_and_broken_ledgers_are_refused_with_their_place() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    // Named texts without a language: refused, never every language by default.
    let out = wegwijs(&[
        "translations",
        "accept",
        "--site",
        site.to_str().unwrap(),
        "guide/welcome",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("`--lang ti` (repeat for more), or `--all-languages`"),
        "{}",
        text(&out)
    );
    assert!(!site.join("translations.yaml").exists());
    let out = wegwijs(&[
        "translations",
        "accept",
        "--site",
        site.to_str().unwrap(),
        "guide/welcom",
        "--all-languages",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("did you mean `guide/welcome`?"),
        "{}",
        text(&out)
    );
    assert!(
        !site.join("translations.yaml").exists(),
        "nothing written on error"
    );

    fs::write(
        site.join("translations.yaml"),
        "guide/welcome:\n  nl: 0123456789ab\n  so: not-a-version\n",
    )
    .unwrap();
    let out = wegwijs(&["translations", "status", site.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("`not-a-version` is not a source version"), "{t}");
    assert!(t.contains("translations.yaml:3:7"), "{t}");
}

// ---------------------------------------------------------------------------------------------
// XLIFF exchange

fn export(site: &Path, lang: &str, out: &Path) -> String {
    let o = wegwijs(&[
        "translations",
        "export",
        site.to_str().unwrap(),
        "--lang",
        lang,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    fs::read_to_string(out).unwrap()
}

fn import(site: &Path, file: &Path) -> Output {
    wegwijs(&[
        "translations",
        "import",
        file.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
    ])
}

/// What a translator's tool does: every empty segment gets a target (the source, marked as
/// Tigrinya, codes kept). Drafts are left as they were; [`confirm`] confirms them.
fn translate(xliff: &str) -> String {
    let mut out = String::new();
    let mut rest = xliff;
    while let Some(i) = rest.find("<segment><source>") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "<segment><source>".len()..];
        let end = after.find("</source></segment>").unwrap();
        let source = &after[..end];
        out.push_str(&format!(
            "<segment state=\"translated\"><source>{source}</source><target>ትግ {source}</target></segment>"
        ));
        rest = &after[end + "</source></segment>".len()..];
    }
    out.push_str(rest);
    out
}

/// The translator confirms every draft as it is.
fn confirm(xliff: &str) -> String {
    xliff.replace("state=\"initial\"", "state=\"translated\"")
}

/// The `line:column` the diagnostics give for `file`, in order.
fn locations(output: &str, file: &str) -> Vec<(usize, usize)> {
    output
        .match_indices(&format!("{file}:"))
        .filter_map(|(i, m)| {
            let rest = &output[i + m.len()..];
            let mut parts = rest.splitn(3, |c: char| !c.is_ascii_digit());
            Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
        })
        .collect()
}

/// The 1-based line and column (in characters) of the first occurrence of `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let before = &text[..text.find(needle).unwrap()];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[test]
fn export_translate_import_build_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    // A comment and an odd layout that the import must leave alone.
    edit(
        &site.join("services/gp.yaml"),
        "category: health\n",
        "category: health   # keep\n\n",
    );
    let before_gp = fs::read_to_string(site.join("services/gp.yaml")).unwrap();

    let xliff = export(&site, "ti", &tmp.path().join("ti.xlf"));
    assert!(xliff.contains("srcLang=\"nl\" trgLang=\"ti\""));
    assert!(xliff.contains("<unit id=\"service.gp.description\" name=\"service/gp/description\">"));
    // The guide's link and bold are codes, their Markdown in originalData.
    assert!(
        xliff.contains("<data id=\"d2e\">](service:gp)</data>"),
        "{xliff}"
    );
    assert!(xliff.contains("Bel de <pc id=\"1\""), "{xliff}");
    // Lists become one segment per entry.
    assert!(xliff.contains("<unit id=\"contact.amina.helps_with\""));

    let done = tmp.path().join("ti-done.xlf");
    fs::write(&done, translate(&xliff)).unwrap();
    let o = import(&site, &done);
    assert!(o.status.success(), "{}", text(&o));

    // Flow maps got the new language at the end, the rest of the file is byte for byte the same.
    let gp = fs::read_to_string(site.join("services/gp.yaml")).unwrap();
    assert!(gp.contains("description: {nl: De huisarts., en: The GP., ar: طبيب العائلة., ti: \"ትግ De huisarts.\"}"), "{gp}");
    let unchanged: Vec<&str> = before_gp
        .lines()
        .filter(|l| !l.starts_with("name:") && !l.starts_with("description:"))
        .collect();
    for line in unchanged {
        assert!(gp.contains(line), "{line} kept in\n{gp}");
    }
    let amina = fs::read_to_string(site.join("contacts/amina.yaml")).unwrap();
    assert!(
        amina.contains(
            "  ar: [التسجيل لدى طبيب العائلة]\n  ti: [\"ትግ Inschrijven bij de huisarts\"]"
        ),
        "{amina}"
    );
    let guide = fs::read_to_string(site.join("guides/welcome.ti.md")).unwrap();
    assert!(
        guide.starts_with("---\ntitle: ትግ Welkom in Testdorp\nsummary: ትግ Het begin.\n---\n"),
        "{guide}"
    );
    assert!(
        guide.contains("ትግ Bel de **[huisarts](service:gp)**."),
        "{guide}"
    );

    // Status: Tigrinya complete and up to date.
    let s = status(&site);
    let ti = s["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["lang"] == "ti")
        .unwrap()
        .clone();
    assert_eq!(ti["translated_percent"], 100, "{ti}");
    assert_eq!(ti["up_to_date_percent"], 100, "{ti}");

    // The build shows the translation, with its cross-reference resolved to the Tigrinya page.
    let out = tmp.path().join("out");
    let b = wegwijs(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(b.status.success(), "{}", text(&b));
    let doc = page(&out, "ti/guides/welcome/index.html");
    let h1 = select(&doc, "h1")[0].text().collect::<String>();
    assert_eq!(h1, "ትግ Welkom in Testdorp");
    let link = select(&doc, ".body a")[0];
    assert_eq!(link.value().attr("href"), Some("../../../ti/services/gp/"));
    assert!(
        select(&doc, "article .notice").is_empty(),
        "no notice on a current translation"
    );

    // Exporting again: nothing left to translate.
    let o = wegwijs(&[
        "translations",
        "export",
        site.to_str().unwrap(),
        "--lang",
        "ti",
        "--out",
        tmp.path().join("again.xlf").to_str().unwrap(),
    ]);
    assert!(
        text(&o).contains("Nothing to translate into ti"),
        "{}",
        text(&o)
    );
}

#[test]
fn units_whose_source_changed_are_refused_and_the_rest_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let xliff = export(&site, "ti", &tmp.path().join("ti.xlf"));
    let done = tmp.path().join("ti-done.xlf");
    fs::write(&done, translate(&xliff)).unwrap();
    // The source of the service's description changes while the translator works.
    edit(
        &site.join("services/gp.yaml"),
        "nl: De huisarts.",
        "nl: De huisarts van het dorp.",
    );
    let o = import(&site, &done);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("the source of `service/gp/description` changed since this file was exported"),
        "{t}"
    );
    assert!(t.contains("ti-done.xlf:"), "located in the XLIFF: {t}");
    let gp = fs::read_to_string(site.join("services/gp.yaml")).unwrap();
    assert!(
        !gp.contains(
            "description: {nl: De huisarts van het dorp., en: The GP., ar: طبيب العائلة., ti:"
        ),
        "{gp}"
    );
    assert!(
        gp.contains("ti: \"ትግ Huisarts\""),
        "the name was imported: {gp}"
    );
    let s = status(&site);
    assert!(list(&s, "ti", "missing").contains(&"service/gp/description".to_owned()));
}

#[test]
fn hostile_or_malformed_xliff_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let xliff = export(&site, "ti", &tmp.path().join("ti.xlf"));
    let good = translate(&xliff);
    let before = snapshot_dir(&site);
    let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let body = good.strip_prefix(header).unwrap();
    let cases = [
        (
            "billion laughs",
            format!(
                "{header}<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n{}",
                body.replacen("<target>ትግ", "<target>&lol2;", 1)
            ),
            "declares a DOCTYPE or entities",
        ),
        (
            "external entity",
            format!(
                "{header}<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n{}",
                body.replacen("<target>ትግ", "<target>&xxe;", 1)
            ),
            "declares a DOCTYPE or entities",
        ),
        (
            "unknown unit",
            good.replacen(
                "<unit id=\"service.gp.name\"",
                "<unit id=\"service.gp.bogus\"",
                1,
            ),
            "unknown unit `service.gp.bogus`",
        ),
        (
            "not xml",
            good.replacen("</file>", "</fil>", 1),
            "not well-formed XML",
        ),
        (
            "other language",
            good.replacen("trgLang=\"ti\"", "trgLang=\"de\"", 1),
            "trgLang",
        ),
        (
            "not xliff",
            "<html><body>hi</body></html>".to_owned(),
            "not an XLIFF 2 file",
        ),
        (
            "foreign code",
            good.replacen(
                "<target>ትግ Bel de <pc id=\"1\"",
                "<target>ትግ Bel de <pc id=\"9\"",
                1,
            ),
            "a code (id 9) the source does not have",
        ),
    ];
    for (name, xml, expected) in cases {
        let file = tmp.path().join(format!("{}.xlf", name.replace(' ', "-")));
        fs::write(&file, &xml).unwrap();
        let o = import(&site, &file);
        assert_eq!(o.status.code(), Some(1), "{name} accepted");
        assert!(text(&o).contains(expected), "{name}: {}", text(&o));
        if name == "foreign code" {
            // At the unit with the code, not the file's first unit.
            let file_name = file.file_name().unwrap().to_str().unwrap();
            let (line, _) = line_col(&xml, "<pc id=\"9\"");
            let lines: Vec<usize> = locations(&text(&o), file_name)
                .iter()
                .map(|l| l.0)
                .collect();
            assert_eq!(lines, vec![line], "{}", text(&o));
        }
        let after = snapshot_dir(&site);
        let changed: Vec<_> = after
            .keys()
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert!(
            changed.is_empty() && after.len() == before.len(),
            "{name} changed {changed:?}"
        );
    }
}

/// A guide whose translation is `so` and current, in two paragraphs with a link and emphasis.
fn site_with_current_somali_guide(tmp: &Path) -> PathBuf {
    let site = site(tmp);
    fs::write(
        site.join("guides/welcome.nl.md"),
        "---\ntitle: Welkom in Testdorp\nsummary: Het begin.\ncategory: health\norder: 1\nservices: [gp]\ncontacts: [amina]\n---\nBel de **[huisarts](service:gp)**.\n\nKom *op tijd*.\n",
    )
    .unwrap();
    fs::write(
        site.join("guides/welcome.so.md"),
        "---\ntitle: Ku soo dhawoow Tuulada Tijaabada\nsummary: Bilowga.\n---\nWac **[dhakhtarka](service:gp)**.\n\nKu imow *waqtiga*.\n",
    )
    .unwrap();
    accept(&site, &["--lang", "so", "guide/welcome"]);
    site
}

#[test]
fn an_untouched_draft_of_an_outdated_guide_is_not_imported_as_its_translation() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_current_somali_guide(tmp.path());
    edit(
        &site.join("guides/welcome.nl.md"),
        "summary: Het begin.",
        "summary: Het allereerste begin.",
    );
    assert!(list(&status(&site), "so", "outdated").contains(&"guide/welcome".to_owned()));
    let xliff = export(&site, "so", &tmp.path().join("so.xlf"));
    // Every part of the guide goes out with the previous translation as a draft.
    assert!(xliff.contains("<target>Bilowga.</target>"), "{xliff}");
    assert!(xliff.contains("<target>Ku imow <pc id=\"1\""), "{xliff}");
    let before = fs::read_to_string(site.join("guides/welcome.so.md")).unwrap();

    // Sent back untouched: nothing is imported and the guide stays outdated for its readers.
    let o = import(&site, &tmp.path().join("so.xlf"));
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Imported 0 translated text(s)"),
        "{}",
        text(&o)
    );
    // What was left as it was is named, not only counted.
    assert!(
        text(&o).contains("left as they were:\n") && text(&o).contains("\n  guide/welcome\n"),
        "{}",
        text(&o)
    );
    assert_eq!(
        fs::read_to_string(site.join("guides/welcome.so.md")).unwrap(),
        before
    );
    assert!(list(&status(&site), "so", "outdated").contains(&"guide/welcome".to_owned()));

    // The translator updates the summary and confirms: now it is the current translation.
    let done = tmp.path().join("so-done.xlf");
    fs::write(
        &done,
        confirm(&xliff).replace(
            "<target>Bilowga.</target>",
            "<target>Bilowga ugu horreeya.</target>",
        ),
    )
    .unwrap();
    let o = import(&site, &done);
    assert!(o.status.success(), "{}", text(&o));
    let after = fs::read_to_string(site.join("guides/welcome.so.md")).unwrap();
    assert!(after.contains("summary: Bilowga ugu horreeya."), "{after}");
    assert!(
        after.contains("Wac **[dhakhtarka](service:gp)**."),
        "{after}"
    );
    assert!(!list(&status(&site), "so", "outdated").contains(&"guide/welcome".to_owned()));
}

#[test]
fn a_translation_without_the_source_markup_is_refused_where_it_is_and_the_rest_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_current_somali_guide(tmp.path());
    let xliff = export(&site, "ti", &tmp.path().join("ti.xlf"));
    // A plain-text fill: the tags of the guide's first paragraph are gone, its words are there.
    let done = translate(&xliff);
    let start = done.find("<target>ትግ Bel de <pc").unwrap();
    let end = start + done[start..].find("</target>").unwrap();
    let plain = "<target>ትግ Bel de huisarts.";
    let stripped = format!("{}{plain}{}", &done[..start], &done[end..]);
    let file = tmp.path().join("ti-plain.xlf");
    fs::write(&file, &stripped).unwrap();

    let o = import(&site, &file);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("the translation of `guide.welcome.b1` leaves out the source's markup `**…**`,")
            && t.contains("`[…](service:gp)`; the translation of `guide/welcome` is refused"),
        "{t}"
    );
    assert_eq!(
        locations(&t, "ti-plain.xlf"),
        vec![line_col(&stripped, plain)],
        "{t}"
    );
    assert!(
        !site.join("guides/welcome.ti.md").exists(),
        "the guide is refused"
    );
    let gp = fs::read_to_string(site.join("services/gp.yaml")).unwrap();
    assert!(
        gp.contains("ti: \"ትግ Huisarts\""),
        "the rest is imported: {gp}"
    );
    assert!(list(&status(&site), "ti", "missing").contains(&"guide/welcome".to_owned()));
}

#[test]
fn a_file_for_another_site_or_from_another_source_language_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site(tmp.path());
    let other = tmp.path().join("other");
    copy_dir(&fixtures().join("second-town"), &other);
    let xliff = export(&other, "ti", &tmp.path().join("other.xlf"));
    let before = snapshot_dir(&site);
    let file = tmp.path().join("other-done.xlf");
    fs::write(&file, confirm(&translate(&xliff))).unwrap();
    let o = import(&site, &file);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("the file may be for another site"),
        "{}",
        text(&o)
    );
    assert_eq!(snapshot_dir(&site), before, "nothing written");

    let own = export(&site, "ti", &tmp.path().join("ti.xlf"));
    let file = tmp.path().join("en-source.xlf");
    fs::write(
        &file,
        translate(&own).replacen("srcLang=\"nl\"", "srcLang=\"en\"", 1),
    )
    .unwrap();
    let o = import(&site, &file);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("the source language (srcLang) is not the site's, `nl`"),
        "{}",
        text(&o)
    );
    assert_eq!(
        locations(&text(&o), "en-source.xlf"),
        vec![(2, 1)],
        "{}",
        text(&o)
    );
    assert_eq!(snapshot_dir(&site), before, "nothing written");
}

/// Every command that loads a site warns about what is outdated from the records alone; the
/// full report (`status`, `check`) counts every text. Both say the same of what is outdated:
/// the example's outdated guide, and a service's name made outdated here.
#[test]
fn the_warnings_name_what_the_report_counts_as_outdated() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    edit(
        &site.join("services/refugee-council.yaml"),
        "nl: VluchtelingenWerk Lindewaard",
        "nl: Vluchtelingenwerk Lindewaard",
    );
    let loaded = wegwijs::build::load(&site).unwrap_or_else(|d| panic!("{}", d.render(false)));
    let outdated = wegwijs::translations::outdated(&loaded.site);
    let report = loaded.translations();
    let mut texts = std::collections::BTreeMap::<String, Vec<String>>::new();
    for l in &report.languages {
        for key in &l.outdated {
            texts
                .entry(key.clone())
                .or_default()
                .push(l.lang.to_string());
        }
    }
    let mut recordings = std::collections::BTreeMap::<String, Vec<String>>::new();
    for r in &report.recordings {
        if r.state == wegwijs::translations::State::Outdated {
            recordings
                .entry(r.key.clone())
                .or_default()
                .push(r.lang.to_string());
        }
    }
    let names = |m: &std::collections::BTreeMap<String, Vec<wegwijs::model::Lang>>| {
        m.iter()
            .map(|(k, v)| (k.clone(), v.iter().map(|l| l.to_string()).collect()))
            .collect::<std::collections::BTreeMap<_, Vec<_>>>()
    };
    assert_eq!(names(&outdated.texts), texts);
    assert_eq!(names(&outdated.recordings), recordings);
    assert!(texts.contains_key("guide/money-and-debts"), "{texts:?}");
    assert!(
        texts.contains_key("service/refugee-council/name"),
        "{texts:?}"
    );
}
