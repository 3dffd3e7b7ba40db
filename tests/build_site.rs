//! `wegwijs build` on fixture sites and on the shipped example, checked in the built HTML.

mod common;

use common::*;

fn build(site: &std::path::Path, out: &std::path::Path) -> wegwijs::build::BuildReport {
    wegwijs::build::build(site, out)
        .unwrap_or_else(|d| panic!("build failed:\n{}", d.render(false)))
}

#[test]
fn example_site_builds_in_five_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let report = build(&example_site(), &out);
    assert_eq!(report.diagnostics.error_count(), 0);
    for lang in ["nl", "en", "ar", "ti", "fa"] {
        // home, who-does-what, services index, guides index, map, search, 10 services, 6 guides
        assert_eq!(report.pages[lang], 22, "{lang}");
    }
    let chooser = page(&out, "index.html");
    let names: Vec<String> = select(&chooser, ".choose a strong")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(names, ["Nederlands", "English", "العربية", "ትግርኛ", "فارسی"]);
    assert!(out.join("404.html").is_file());
    assert!(out.join("ti/contacts/amira-haddad.vcf").is_file());
    // The map page: one marker per located service, each a link to its page.
    let map = page(&out, "fa/map/index.html");
    let markers = select(&map, "figure svg a");
    assert_eq!(markers.len(), 10);
    assert!(
        markers
            .iter()
            .all(|a| a.attr("href").unwrap().starts_with("../../fa/services/"))
    );
}

#[test]
fn pages_carry_language_and_direction() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    for (lang, dir) in [("nl", "ltr"), ("ar", "rtl"), ("fa", "rtl"), ("ti", "ltr")] {
        for path in [
            "",
            "contacts/",
            "guides/first-week/",
            "services/health-centre/",
        ] {
            let doc = page(tmp.path(), &format!("{lang}/{path}index.html"));
            let html = select(&doc, "html")[0];
            assert_eq!(html.attr("lang"), Some(lang), "{lang}/{path}");
            assert_eq!(html.attr("dir"), Some(dir), "{lang}/{path}");
        }
    }
}

#[test]
fn phone_numbers_are_isolated_left_to_right_and_dial_e164() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    let doc = page(tmp.path(), "ar/contacts/index.html");
    let links = select(&doc, "a[href^='tel:']");
    assert!(links.len() >= 13, "every contact and emergency number");
    for a in links {
        let href = a.attr("href").unwrap();
        let number = &href[4..];
        assert!(
            number.chars().all(|c| c.is_ascii_digit() || c == '+') && !number.is_empty(),
            "tel: link is E.164 or a short number: {href}"
        );
        let bdi = select_in(a, "bdi");
        assert_eq!(bdi.attr("dir"), Some("ltr"), "{href}");
        let shown: String = bdi.text().collect();
        assert!(
            !shown.contains(' '),
            "digit groups joined by no-break spaces: {shown:?}"
        );
        // Screen readers say small groups of digits, not one large number.
        assert!(
            shown.split('\u{a0}').all(|g| g.len() <= 4),
            "{href}: {shown:?}"
        );
    }
    let amira = select(&doc, "#amira-haddad a[href^='tel:']")[0];
    assert_eq!(amira.attr("href"), Some("tel:+31612345601"));
    assert_eq!(
        amira.text().collect::<String>(),
        "06\u{a0}12\u{a0}34\u{a0}56\u{a0}01"
    );
}

fn select_in<'a>(el: scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    el.select(&scraper::Selector::parse(css).unwrap())
        .next()
        .unwrap_or_else(|| panic!("no {css} in {}", el.html()))
}

#[test]
fn missing_guide_translation_falls_back_with_a_notice() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    let doc = page(tmp.path(), "ti/guides/school-for-children/index.html");
    let article = select(&doc, "main article")[0];
    assert_eq!(
        (article.attr("lang"), article.attr("dir")),
        (Some("nl"), Some("ltr"))
    );
    let notice = select(&doc, "article .notice")[0];
    assert_eq!(
        notice.attr("lang"),
        Some("ti"),
        "the notice is in the reader's language"
    );
    let text: String = notice.text().collect();
    // Dutch named in Tigrinya (CLDR), not as "Nederlands".
    assert!(
        text.contains("ትግርኛ") && text.contains("ዳች") && !text.contains("Nederlands"),
        "{text}"
    );
    // The translated guide has neither.
    let doc = page(tmp.path(), "ti/guides/first-week/index.html");
    assert!(select(&doc, "article .notice").is_empty());
    assert_eq!(select(&doc, "main article")[0].attr("lang"), None);
}

#[test]
fn hreflang_lists_only_real_translations() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    let doc = page(tmp.path(), "nl/guides/school-for-children/index.html");
    let langs: Vec<&str> = select(&doc, "link[rel=alternate]")
        .iter()
        .filter_map(|l| l.attr("hreflang"))
        .collect();
    assert_eq!(langs, ["nl", "x-default", "en", "ar", "fa"]);
    let doc = page(tmp.path(), "fa/contacts/index.html");
    let alts = select(&doc, "link[rel=alternate][hreflang=ti]");
    assert_eq!(
        alts[0].attr("href"),
        Some("https://welkom.lindewaard.example/ti/contacts/")
    );
    let sitemap = std::fs::read_to_string(tmp.path().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="ar" href="https://welkom.lindewaard.example/ar/guides/first-week/"/>"#));
}

#[test]
fn service_pages_have_json_ld() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    let doc = page(tmp.path(), "en/services/health-centre/index.html");
    let script: String = select(&doc, "script[type='application/ld+json']")[0]
        .text()
        .collect();
    let v: serde_json::Value = serde_json::from_str(&script).unwrap();
    assert_eq!(v["@type"], "Organization");
    assert_eq!(v["telephone"], "+31341700400");
    assert_eq!(v["openingHoursSpecification"][0]["opens"], "08:00");
    assert_eq!(v["contactPoint"][0]["@type"], "ContactPoint");
    assert!(
        !script.contains('\u{2068}'),
        "no Fluent isolation marks in data"
    );
}

#[test]
fn sixth_language_needs_only_config_locale_and_content() {
    let tmp = tempfile::tempdir().unwrap();
    let report = build(&fixtures().join("valid"), tmp.path());
    assert_eq!(report.pages["so"], 8);
    let doc = page(tmp.path(), "so/guides/welcome/index.html");
    let html = select(&doc, "html")[0];
    assert_eq!(
        (html.attr("lang"), html.attr("dir")),
        (Some("so"), Some("ltr"))
    );
    assert_eq!(
        select(&doc, "h1")[0].text().collect::<String>(),
        "Ku soo dhawoow Tuulada Tijaabada"
    );
    // Its own UI string, and a missing one from Dutch with a warning.
    assert_eq!(
        select(&doc, "header nav a")[0].text().collect::<String>(),
        "Yaa maxay qabtaa"
    );
    let warnings = report.diagnostics.render(false);
    assert!(
        warnings.contains("UI message(s) not translated into `so`"),
        "{warnings}"
    );
    // A field missing in Somali is shown in Dutch, marked as such.
    let doc = page(tmp.path(), "so/services/gp/index.html");
    assert_eq!(select(&doc, "main .notice").len(), 1);
    let description = select(&doc, "main > p[lang=nl]");
    assert_eq!(description[0].text().collect::<String>(), "De huisarts.");
}

#[test]
fn raw_html_in_guides_is_sanitised() {
    let tmp = tempfile::tempdir().unwrap();
    build(&fixtures().join("valid"), tmp.path());
    let html = std::fs::read_to_string(tmp.path().join("nl/guides/welcome/index.html")).unwrap();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("onclick"), "{html}");
    assert!(
        !html.contains("tracker.example"),
        "no request to another host"
    );
    assert!(html.contains("huisarts</a></strong>"), "{html}");
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&fixtures().join("valid"), &out);
    let before = snapshot_dir(&out);
    let site = invalid_site("unknown-service", tmp.path());
    let diags = wegwijs::build::build(&site, &out).unwrap_err();
    assert!(diags.has_errors());
    assert_eq!(snapshot_dir(&out), before);
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no staging folder left behind: {names:?}");
}

#[test]
fn the_binary_reports_and_exits_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let site = invalid_site("bad-phone", tmp.path());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args(["build"])
        .arg(&site)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("contacts/amina.yaml:5:8"), "{stderr}");
    assert!(stderr.contains("Build failed with 1 error(s)"), "{stderr}");
}

#[test]
fn init_publishes_the_languages_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("town");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args([
            "init",
            site.to_str().unwrap(),
            "--languages",
            "nl,en,so=Soomaali",
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("Languages: nl, en, so."), "{said}");
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        config.contains("  - code: so\n    name: Soomaali\n"),
        "{config}"
    );
    for entry in walkdir::WalkDir::new(&site).into_iter().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".ar.md") && !name.ends_with(".fa.md") && !name.ends_with(".ti.md"),
            "{name} is left"
        );
        if name.ends_with(".yaml") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for code in ["ar", "ti", "fa"] {
                assert!(
                    !text.contains(&format!(" {code}: ")) && !text.contains(&format!("{{{code}: ")),
                    "{name} still has {code}"
                );
            }
        }
    }
    // The translations that were current are still current; the new language has none yet.
    let loaded = wegwijs::build::load(&site).unwrap_or_else(|d| panic!("{}", d.render(false)));
    let report = &loaded.translations().languages;
    let en = report.iter().find(|l| l.lang.as_str() == "en").unwrap();
    assert_eq!(en.up_to_date_percent, 100);
    let so = report.iter().find(|l| l.lang.as_str() == "so").unwrap();
    assert_eq!(so.translated_percent, 0);
    // Its menus and buttons are there to translate; one translated shows, the rest in Dutch.
    let ui = site.join("locales/so/main.ftl");
    let text = std::fs::read_to_string(&ui).unwrap();
    assert!(text.contains("# nav-guides = Uitleg\n"), "{text}");
    std::fs::write(
        &ui,
        text.replace("# nav-guides = Uitleg\n", "nav-guides = Hagaha\n"),
    )
    .unwrap();
    build(&site, &tmp.path().join("out"));
    let home = std::fs::read_to_string(tmp.path().join("out/so/index.html")).unwrap();
    assert!(
        home.contains("Hagaha") && home.contains("Wie doet wat"),
        "{home}"
    );
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args(["translations", "ui", site.to_str().unwrap(), "--lang", "so"])
        .output()
        .unwrap();
    assert!(!again.status.success(), "an existing file is not replaced");
    // A language the example lacks needs its own name; nothing is written without it.
    let bare = tmp.path().join("bare");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args(["init", bare.to_str().unwrap(), "--languages", "nl,so"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("so=Soomaali"));
    assert!(!bare.exists());
}

#[test]
fn init_writes_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("mytown");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("wegwijs build"));
    assert!(site.join("site.yaml").is_file());
    build(&site, &tmp.path().join("out"));
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(1),
        "init refuses a folder that is not empty"
    );

    // A guided start: the town's name and address where the example has its own, the
    // translations that were current still current, and a checklist.
    let zwolle = tmp.path().join("zwolle");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args(["init", zwolle.to_str().unwrap(), "--town", "Zwolle"])
        .args(["--url", "https://welkom.zwolle.nl"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("What to change next") && said.contains("wegwijs map import"),
        "{said}"
    );
    let config = std::fs::read_to_string(zwolle.join("site.yaml")).unwrap();
    // Editors are told each file's schema, and the schemas offer the site's own ids.
    assert!(
        config.starts_with("# yaml-language-server: $schema=.wegwijs/schema/site.json\n"),
        "{config}"
    );
    let police = std::fs::read_to_string(zwolle.join("services/police.yaml")).unwrap();
    assert!(
        police.starts_with("# yaml-language-server: $schema=../.wegwijs/schema/service.json\n")
    );
    let schema = std::fs::read_to_string(zwolle.join(".wegwijs/schema/contact.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let services = schema["properties"]["service"]["enum"].as_array().unwrap();
    assert!(services.iter().any(|s| s == "police"), "{services:?}");
    assert!(zwolle.join(".vscode/settings.json").is_file());
    assert!(
        config.contains("nl: Welkom in Zwolle")
            && config.contains("base_url: https://welkom.zwolle.nl"),
        "{config}"
    );
    for entry in walkdir::WalkDir::new(&zwolle)
        .into_iter()
        .map(Result::unwrap)
    {
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(
                !text.contains("Lindewaard"),
                "{} still names the example town",
                entry.path().display()
            );
        }
    }
    let outdated = |site: &std::path::Path| {
        let loaded = wegwijs::build::load(site).unwrap();
        let report = wegwijs::translations::report(&loaded.site);
        report
            .languages
            .iter()
            .map(|l| l.outdated.len())
            .sum::<usize>()
    };
    assert_eq!(
        outdated(&zwolle),
        outdated(&example_site()),
        "renaming outdated no translation"
    );
    // With its real address, the site is told what is still the example's.
    let warned = |site: &std::path::Path| -> Vec<String> {
        wegwijs::build::load(site)
            .unwrap()
            .warnings
            .iter()
            .map(|d| d.message.clone())
            .collect()
    };
    let left = warned(&zwolle);
    assert!(
        left.iter()
            .any(|m| m.contains("are still the example's: their addresses end in .example")),
        "{left:?}"
    );
    assert!(!left.iter().any(|m| m.contains("example town")), "{left:?}");
    // Its address set but not its name: the welcome is named too. The example itself (its
    // address an example's) is not told.
    let named = std::fs::read_to_string(site.join("site.yaml"))
        .unwrap()
        .replace(
            "https://welkom.lindewaard.example",
            "https://welkom.zwolle.nl",
        );
    std::fs::write(site.join("site.yaml"), named).unwrap();
    let told = warned(&site);
    assert!(
        told.iter()
            .any(|m| m.contains("still welcomes readers to the example town")),
        "{told:?}"
    );
    assert!(
        !warned(&example_site())
            .iter()
            .any(|m| m.contains("the example")),
        "the example itself is not told"
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_wegwijs"))
        .args([
            "init",
            tmp.path().join("x").to_str().unwrap(),
            "--url",
            "welkom.zwolle.nl",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("write it in full, like --url https://"));
}

#[test]
fn no_fluent_isolation_marks_in_attributes_or_data() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    for entry in walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .map(Result::unwrap)
    {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "vcf" || ext == "xml" {
            let text = std::fs::read_to_string(path).unwrap();
            assert!(
                !text.contains(['\u{2068}', '\u{2069}']),
                "{}",
                path.display()
            );
        }
        if ext != "html" {
            continue;
        }
        let doc = page(
            tmp.path(),
            path.strip_prefix(tmp.path()).unwrap().to_str().unwrap(),
        );
        for el in select(&doc, "*") {
            for (name, value) in el.value().attrs() {
                assert!(
                    !value.contains(['\u{2068}', '\u{2069}']),
                    "{}: attribute {name}={value:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_site_overrides_templates_and_ui_strings() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    std::fs::create_dir_all(site.join("locales/en")).unwrap();
    let builtin = std::fs::read_to_string(example_site().join("../locales/en/main.ftl")).unwrap();
    std::fs::write(
        site.join("locales/en/main.ftl"),
        builtin.replace(
            "nav-contacts = Who does what",
            "nav-contacts = Your helpers",
        ),
    )
    .unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/guides.html"),
        r#"{% extends "base.html" %}{% block title %}Own{% endblock title %}{% block main %}<h1>Own guides list</h1>{% endblock main %}"#,
    )
    .unwrap();
    build(&site, &tmp.path().join("out"));
    let doc = page(&tmp.path().join("out"), "en/guides/index.html");
    assert_eq!(
        select(&doc, "h1")[0].text().collect::<String>(),
        "Own guides list"
    );
    assert_eq!(
        select(&doc, "header nav a")[0].text().collect::<String>(),
        "Your helpers"
    );
}

#[test]
fn the_readme_examples_are_valid_files() {
    let readme = std::fs::read_to_string(example_site().join("../README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .filter(|b| b.starts_with("id: "))
        .collect();
    assert_eq!(blocks.len(), 2, "the service and the contact example");
    let site_yaml = readme
        .split("```yaml\n")
        .map(|b| b.split("```").next().unwrap())
        .find(|b| b.starts_with("name: "))
        .expect("the site.yaml example");
    let file = std::sync::Arc::new(wegwijs::diagnostics::SourceFile {
        path: "site.yaml".into(),
        text: site_yaml.into(),
    });
    let config: wegwijs::load::raw::RawConfig =
        wegwijs::load::parse_yaml(&file, 0..site_yaml.len())
            .first_problem()
            .unwrap_or_else(|d| panic!("{}", d.message));
    assert_eq!(
        config.emergency[0].label.value.0[0].1,
        "Spoed (politie, brandweer, ambulance)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    // The examples name the example site's own ids, so they replace its files.
    std::fs::write(site.join("services/health-centre.yaml"), blocks[0]).unwrap();
    std::fs::write(site.join("contacts/amira-haddad.yaml"), blocks[1]).unwrap();
    build(&site, &tmp.path().join("out"));
}

/// The links in a guide page's text.
fn body_links(out: &std::path::Path, path: &str) -> Vec<String> {
    let doc = page(out, path);
    select(&doc, ".body a")
        .iter()
        .filter_map(|a| a.attr("href").map(str::to_owned))
        .collect()
}

#[test]
fn cross_references_link_to_the_page_in_the_readers_language() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    for lang in ["ar", "nl"] {
        let links = body_links(tmp.path(), &format!("{lang}/guides/first-week/index.html"));
        assert!(
            links.contains(&format!("../../../{lang}/services/refugee-council/")),
            "{links:?}"
        );
    }
    // A guide shown in Dutch on the Tigrinya site still links to Tigrinya pages.
    let links = body_links(tmp.path(), "ti/guides/school-for-children/index.html");
    assert!(
        links
            .iter()
            .any(|l| l == "../../../ti/services/education-desk/"),
        "{links:?}"
    );
    let links = body_links(tmp.path(), "en/guides/rent-and-allowances/index.html");
    assert!(
        links
            .iter()
            .any(|l| l == "../../../en/contacts/#kees-jansen"),
        "{links:?}"
    );
    assert!(
        links
            .iter()
            .any(|l| l == "../../../en/guides/money-and-debts/"),
        "{links:?}"
    );
}

#[test]
fn every_category_has_its_pictogram_and_a_site_can_bring_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&example_site(), &out);
    let home = page(&out, "ti/index.html");
    let items = select(&home, ".categories li");
    assert_eq!(items.len(), 8);
    for li in items {
        let svg = select_in(li, "svg.icon");
        // Decorative: the category's name is right beside it.
        assert_eq!(svg.value().attr("aria-hidden"), Some("true"));
    }
    let services = page(&out, "ar/services/index.html");
    assert_eq!(select(&services, "h2 svg.icon").len(), 8);
    let service = page(&out, "nl/services/health-centre/index.html");
    assert_eq!(select(&service, ".breadcrumb svg.icon").len(), 1);

    // A site's own icon replaces the built-in one, reduced to its shapes.
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    std::fs::create_dir_all(site.join("icons")).unwrap();
    std::fs::write(
        site.join("icons/health.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="x()"><rect x="1" y="1" width="8" height="8" style="fill:red"/></svg>"#,
    )
    .unwrap();
    let out = tmp.path().join("own");
    build(&site, &out);
    let services = page(&out, "nl/services/index.html");
    let svg = select(&services, "h2 svg.icon")[0];
    assert_eq!(svg.value().attr("onload"), None);
    let rect = select_in(svg, "rect");
    assert_eq!(rect.value().attr("width"), Some("8"));
    assert_eq!(rect.value().attr("style"), None);
}

#[test]
fn services_are_published_as_open_referral_hsds_per_language() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&example_site(), &out);
    let read = |lang: &str| -> Vec<serde_json::Value> {
        let path = out.join(format!("open-data/hsds/{lang}/services.json"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    };
    let (nl, ar) = (read("nl"), read("ar"));
    assert_eq!(nl.len(), 10);
    let is_uuid = |v: &serde_json::Value| {
        let s = v.as_str().unwrap_or("");
        let parts: Vec<usize> = s.split('-').map(str::len).collect();
        parts == [8, 4, 4, 4, 12] && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
    };
    for (a, b) in nl.iter().zip(&ar) {
        // The same service under the same id in every language, its text translated.
        assert_eq!(a["id"], b["id"]);
        assert!(is_uuid(&a["id"]), "{}", a["id"]);
        for field in ["name", "status"] {
            assert!(a[field].is_string(), "service {field}: {a}");
        }
        for field in ["id", "name", "description"] {
            assert!(
                a["organization"][field].is_string(),
                "organization {field}: {a}"
            );
        }
        assert!(!a.to_string().contains("null"), "no nulls: {a}");
        assert_eq!(
            empty_values(a, ""),
            ["service_at_locations[0].location.addresses[0].state_province"]
                .repeat(usize::from(a.get("service_at_locations").is_some())),
            "{a}"
        );
    }
    let gp = |list: &[serde_json::Value]| {
        list.iter()
            .find(|s| {
                s["url"]
                    .as_str()
                    .unwrap()
                    .ends_with("/services/health-centre/")
            })
            .unwrap()
            .clone()
    };
    let (gp_nl, gp_ar) = (gp(&nl), gp(&ar));
    assert_ne!(gp_nl["name"], gp_ar["name"]);
    assert_eq!(gp_nl["phones"][0]["number"], "+31341700400");
    let schedule = &gp_nl["schedules"][0];
    assert_eq!(
        (
            &schedule["freq"],
            &schedule["byday"],
            &schedule["opens_at"],
            &schedule["closes_at"]
        ),
        (
            &"WEEKLY".into(),
            &"MO,TU,WE,TH,FR".into(),
            &"08:00".into(),
            &"17:00".into()
        )
    );
    let location = &gp_nl["service_at_locations"][0]["location"];
    assert_eq!(location["addresses"][0]["postal_code"], "3849 LD");
    assert!(location["latitude"].is_number());
    assert_eq!(gp_nl["contacts"][0]["name"], "Ellen Visser");
    assert_eq!(gp_nl["attributes"][0]["taxonomy_term"]["code"], "health");
}

/// The first visit to any page costs at most 14 KB of gzipped HTML and CSS (the size of the
/// first round trip of a connection), and no page but search loads search's code.
#[test]
fn first_visit_budget() {
    use std::io::Write;
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).unwrap();
        e.finish().unwrap().len()
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&example_site(), &out);
    let css = gz(&std::fs::read(out.join("style.css")).unwrap());
    let mut largest = (0, String::new());
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read(entry.path()).unwrap();
        let size = gz(&html) + css;
        if size > largest.0 {
            largest = (size, entry.path().display().to_string());
        }
        let text = String::from_utf8(html).unwrap();
        let is_search = entry.path().ends_with("search/index.html");
        assert_eq!(
            text.contains("search.js"),
            is_search,
            "{}",
            entry.path().display()
        );
        assert!(!text.contains("pagefind"), "{}", entry.path().display());
    }
    assert!(largest.0 <= 14 * 1024, "{largest:?}");
}

/// The paths of the empty values (`""`, `[]`, `{}`) in `v`.
fn empty_values(v: &serde_json::Value, at: &str) -> Vec<String> {
    use serde_json::Value;
    match v {
        Value::String(s) if s.is_empty() => vec![at.to_owned()],
        Value::Array(a) if a.is_empty() => vec![at.to_owned()],
        Value::Object(o) if o.is_empty() => vec![at.to_owned()],
        Value::Array(a) => a
            .iter()
            .enumerate()
            .flat_map(|(i, x)| empty_values(x, &format!("{at}[{i}]")))
            .collect(),
        Value::Object(o) => o
            .iter()
            .flat_map(|(k, x)| {
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                empty_values(x, &path)
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn open_data_leaves_out_what_a_service_does_not_have() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    // Only what a service must have: no phone, hours, address, location, contact or languages.
    std::fs::write(
        site.join("services/bare.yaml"),
        "id: bare\nname: {nl: Kaal}\ncategory: health\ndescription: {nl: Alleen een naam.}\n",
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&site, &out);
    let path = out.join("open-data/hsds/nl/services.json");
    let all: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let bare = all.iter().find(|s| s["name"] == "Kaal").unwrap();
    assert_eq!(empty_values(bare, ""), Vec::<String>::new(), "{bare}");
    for absent in [
        "phones",
        "schedules",
        "service_at_locations",
        "contacts",
        "languages",
        "email",
    ] {
        assert!(bare.get(absent).is_none(), "{absent} in {bare}");
    }
    assert_eq!(bare["description"], "Alleen een naam.");
}

#[test]
fn a_theme_that_cannot_print_cards_says_so() {
    let mut loaded = wegwijs::build::load(&fixtures().join("valid")).unwrap();
    type Made = (wegwijs::build::Rendered, Vec<wegwijs::render::OutputFile>);
    let cards = |r: &Made| r.1.iter().filter(|f| f.path.ends_with("/card.pdf")).count();
    let said = |r: &Made| {
        r.0.warnings
            .iter()
            .any(|d| d.message.starts_with("no pocket cards were printed"))
    };
    let with_fonts =
        wegwijs::build::render_in_memory(&loaded, None, wegwijs::build::GuideFiles::Made).unwrap();
    assert_eq!(cards(&with_fonts), 6);
    assert!(!said(&with_fonts));
    loaded.theme.fonts.clear();
    let without =
        wegwijs::build::render_in_memory(&loaded, None, wegwijs::build::GuideFiles::Made).unwrap();
    assert_eq!(cards(&without), 0);
    assert!(said(&without));
}

/// What Lighthouse and a reader at 360 px found: every page has a description (a guide's
/// summary, a service's description, else the welcome text), every page names its icon (the
/// browser asks for /favicon.ico otherwise), and a time range or a Dutch address line stays
/// whole and in its own order inside right-to-left text.
#[test]
fn pages_describe_themselves_and_keep_times_and_addresses_whole() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    let out = tmp.path();
    let description = |path: &str| -> String {
        let doc = page(out, path);
        let metas = select(&doc, "meta[name=description]");
        assert_eq!(metas.len(), 1, "{path}");
        metas[0].attr("content").unwrap().to_owned()
    };
    assert!(description("index.html").starts_with("Nieuw in Lindewaard?"));
    assert!(description("ar/services/health-centre/index.html").starts_with("أطباء عائلة"));
    assert!(description("ti/guides/first-week/index.html").starts_with("ኣብ ቀዳሞት"));
    for path in walk(out).filter(|p| p.ends_with(".html")) {
        let text = description(&path);
        assert!(!text.trim().is_empty(), "{path}");
        let doc = page(out, &path);
        let icons = select(&doc, "link[rel=icon]");
        assert_eq!(icons.len(), 1, "{path}");
        let href = icons[0].attr("href").unwrap();
        let dir = std::path::Path::new(&path).parent().unwrap();
        let file = match href.strip_prefix('/') {
            Some(from_root) => out.join(from_root),
            None => out.join(dir).join(href),
        };
        assert!(file.is_file(), "{path}: {href}");
    }
    let doc = page(out, "ar/services/refugee-council/index.html");
    let ranges = select(&doc, "table.hours td bdi");
    assert!(ranges.len() >= 3);
    for r in ranges {
        assert_eq!(
            (r.attr("dir"), r.attr("class")),
            (Some("ltr"), Some("nowrap"))
        );
        assert!(r.text().collect::<String>().contains('–'));
    }
    let address = select(&doc, "section.facts dd bdi");
    let lines: Vec<String> = address.iter().map(|b| b.text().collect()).collect();
    assert_eq!(lines[..2], ["Kerkstraat 14", "3849 KE Lindewaard"]);
}

/// The files under `root`, relative, with `/`.
fn walk(root: &std::path::Path) -> impl Iterator<Item = String> {
    let mut found = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                found.push(rel);
            }
        }
    }
    found.into_iter()
}

/// A notice names the other language in the reader's language, from CLDR: Dutch is
/// الهولندية on an Arabic page and ዳች on a Tigrinya one, never "Nederlands" inside them.
#[test]
fn notices_name_languages_in_the_readers_language() {
    let tmp = tempfile::tempdir().unwrap();
    build(&example_site(), tmp.path());
    let notice = |path: &str| -> String {
        let doc = page(tmp.path(), path);
        select(&doc, "p.notice")
            .iter()
            .map(|p| p.text().collect::<String>())
            .collect()
    };
    let ar = notice("ar/guides/money-and-debts/index.html");
    assert!(
        ar.contains("الهولندية") && !ar.contains("Nederlands"),
        "{ar}"
    );
    let ti = notice("ti/search/index.html");
    assert!(ti.contains("ዳች") && !ti.contains("Nederlands"), "{ti}");
}
