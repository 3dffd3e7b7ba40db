//! The pocket card: PDFs checked through poppler's pdftotext and pdfinfo, as a printer sees them.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use wegwijs::print::CardRequest;

fn cards(
    site: &Path,
    out: &Path,
    langs: &[&str],
    request: &CardRequest,
) -> Vec<std::path::PathBuf> {
    let langs: Vec<String> = langs.iter().map(|s| s.to_string()).collect();
    wegwijs::build::cards(site, out, &langs, request)
        .unwrap_or_else(|d| panic!("cards failed:\n{}", d.render(false)))
        .files
}

fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout"], pdf)
}

#[test]
fn every_example_language_prints_an_a4_duplex_card() {
    let tmp = tempfile::tempdir().unwrap();
    let files = cards(&example_site(), tmp.path(), &[], &CardRequest::default());
    assert_eq!(files.len(), 5);
    for pdf in &files {
        let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.contains("Pages:           2"),
            "front and back: {info}"
        );
        assert!(
            info.contains("841.89 x 595.276 pts (A4)"),
            "A4 landscape: {info}"
        );
        let text = text(pdf);
        for name in ["Amira Haddad", "Selam Tesfay", "Pieter de Groot"] {
            assert!(text.contains(name), "{name} in {}", pdf.display());
        }
        assert!(
            !text.contains("Youssef Benali"),
            "on_card: false keeps a contact off the card"
        );
        assert!(
            text.contains("112") && text.contains("0900 8844"),
            "emergency numbers"
        );
        let bytes = std::fs::read(pdf).unwrap();
        let raw = String::from_utf8_lossy(&bytes);
        assert!(raw.contains("/FontFile2"), "fonts are embedded");
    }
    let ar = text(&tmp.path().join("card-ar.pdf"));
    assert!(
        ar.contains("مدرسة اللغة"),
        "services in Arabic in the legend"
    );
    let ti = text(&tmp.path().join("card-ti.pdf"));
    assert!(ti.contains("ሓላፊት ጉዳይ ስደተኛታት"), "Ethiopic text is real text");
    let nl = text(&tmp.path().join("card-nl.pdf"));
    assert!(
        nl.contains("Dubbelzijdig afdrukken"),
        "printing instruction in the source language"
    );
}

#[test]
fn phone_numbers_read_left_to_right_on_the_arabic_card() {
    let tmp = tempfile::tempdir().unwrap();
    let files = cards(
        &example_site(),
        tmp.path(),
        &["ar"],
        &CardRequest::default(),
    );
    let words = words(&files[0]);
    // Amira's number, shown as 06 12 34 56 01: its groups on one line, in that order from
    // left to right.
    let want = ["06", "12", "34", "56", "01"];
    let found = words.iter().any(|(_, y, w)| {
        if w != "01" {
            return false;
        }
        let mut line: Vec<&(f64, f64, String)> = words
            .iter()
            .filter(|(_, y2, _)| (y2 - y).abs() < 1.0)
            .collect();
        line.sort_by(|a, b| a.0.total_cmp(&b.0));
        let texts: Vec<&str> = line.iter().map(|(_, _, w)| w.as_str()).collect();
        texts.windows(5).any(|win| win == want)
    });
    assert!(
        found,
        "06 12 34 56 01 read left to right on the Arabic card"
    );
}

#[test]
fn names_are_data_not_typst_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let contact = std::fs::read_to_string(site.join("contacts/amina.yaml")).unwrap();
    std::fs::write(
        site.join("contacts/amina.yaml"),
        contact.replace("name: Amina Warsame", "name: '#panic(\"x\") *bold* $x$ ]'"),
    )
    .unwrap();
    let files = cards(
        &site,
        &tmp.path().join("out"),
        &["nl"],
        &CardRequest::default(),
    );
    let text = tool("pdftotext", &[], &files[0]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("#panic(\"x\") *bold* $x$ ]"), "{flat}");
}

#[test]
fn a_personal_card_has_only_the_chosen_contacts() {
    let tmp = tempfile::tempdir().unwrap();
    let request = CardRequest {
        contacts: Some(vec![
            wegwijs::model::Id::parse("selam-tesfay").unwrap(),
            wegwijs::model::Id::parse("marieke-bos").unwrap(),
        ]),
        title: Some("Voor de familie Tesfamariam".into()),
    };
    let files = cards(&example_site(), tmp.path(), &["ti"], &request);
    // Named after its title: the next family's card does not overwrite it.
    assert!(
        files[0].ends_with("card-ti-voor-de-familie-tesfamariam.pdf"),
        "{}",
        files[0].display()
    );
    let text = text(&files[0]);
    assert!(text.contains("Selam Tesfay") && text.contains("Marieke Bos"));
    assert!(!text.contains("Amira Haddad"));
    let flow = tool("pdftotext", &[], &files[0]);
    let flat = flow.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Voor de familie Tesfamariam"),
        "the title on the cover: {flat}"
    );
}

/// The valid fixture with `n` more copies of `dir/<id>.yaml`, each with an id of its own.
fn valid_site_with_copies(tmp: &Path, dir: &str, id: &str, n: usize) -> std::path::PathBuf {
    let site = tmp.join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let text = std::fs::read_to_string(site.join(format!("{dir}/{id}.yaml"))).unwrap();
    for i in 0..n {
        std::fs::write(
            site.join(format!("{dir}/{id}-{i}.yaml")),
            text.replace(&format!("id: {id}"), &format!("id: {id}-{i}")),
        )
        .unwrap();
    }
    site
}

#[test]
fn too_many_contacts_fail_with_what_to_change() {
    let tmp = tempfile::tempdir().unwrap();
    let site = valid_site_with_copies(tmp.path(), "contacts", "amina", 30);
    let out = tmp.path().join("out");
    let diags =
        wegwijs::build::cards(&site, &out, &["nl".into()], &CardRequest::default()).unwrap_err();
    let report = diags.render(false);
    assert!(
        report.contains("contact(s) do not fit on the nl card of at most 5 panels"),
        "{report}"
    );
    assert!(report.contains("on_card: false"), "{report}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_legend_too_long_for_its_panel_is_an_error_not_a_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let site = valid_site_with_copies(tmp.path(), "services", "gp", 40);
    let out = tmp.path().join("out");
    let diags =
        wegwijs::build::cards(&site, &out, &["nl".into()], &CardRequest::default()).unwrap_err();
    let report = diags.render(false);
    assert!(
        report.contains("cannot list all 41 services with a location"),
        "{report}"
    );
}

#[test]
fn every_card_has_112_even_when_the_site_does_not_list_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let without = config.split("emergency:").next().unwrap().to_owned();
    std::fs::write(site.join("site.yaml"), without).unwrap();
    let files = cards(
        &site,
        &tmp.path().join("out"),
        &["en"],
        &CardRequest::default(),
    );
    let text = tool("pdftotext", &[], &files[0]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("112"), "{text}");
    assert!(
        text.contains("Emergency: police, fire brigade, ambulance"),
        "{text}"
    );
}

/// Cards are laid out on rayon workers, whose stacks are small (2 MB unless set), and a worker
/// waiting inside one card's PDF writer may take up another card on top of it: a bench site's
/// build overflowed its stack so. Here the workers have a quarter of a megabyte, which no
/// card's layout fits in; the printer must make its own room.
#[test]
fn cards_print_on_workers_with_small_stacks() {
    let tmp = tempfile::tempdir().unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .stack_size(256 << 10)
        .build()
        .unwrap();
    let files = pool.install(|| cards(&example_site(), tmp.path(), &[], &CardRequest::default()));
    assert_eq!(files.len(), 5);
}

#[test]
fn the_site_links_each_language_to_its_card() {
    let tmp = tempfile::tempdir().unwrap();
    wegwijs::build::build(&example_site(), tmp.path())
        .unwrap_or_else(|d| panic!("{}", d.render(false)));
    for lang in ["nl", "ar", "ti"] {
        assert!(tmp.path().join(format!("{lang}/card.pdf")).is_file());
        let doc = page(tmp.path(), &format!("{lang}/contacts/index.html"));
        let link = select(&doc, ".card-link a")[0];
        assert_eq!(
            link.attr("href"),
            Some(format!("../../{lang}/card.pdf").as_str())
        );
    }
}

/// How many panels wide the strip of `pdf` is, from where the back's legend starts: strips are
/// centred on A4 landscape and the legend follows the map's `n - 2` panels, so its left edge
/// is at the page's middle plus `(n / 2 - 2)` panels (and the panel's 3 mm padding).
fn panels(pdf: &Path, legend_word: &str) -> f64 {
    let html = tool("pdftotext", &["-bbox", "-f", "2", "-l", "2"], pdf);
    let x: f64 = html
        .lines()
        .find(|l| l.contains(&format!(">{legend_word}<")))
        .and_then(|l| l.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no `{legend_word}` on the back of {}", pdf.display()));
    let (page, panel, pad) = (841.89, 55.0 * 72.0 / 25.4, 3.0 * 72.0 / 25.4);
    (x - pad - page / 2.0) / (panel / 2.0) + 4.0
}

#[test]
fn the_card_grows_by_a_panel_before_it_gives_up() {
    // One contact: the default four panels (cover, contacts, map, legend and emergency numbers
    // on the back). More contacts add a panel, up to `max_panels` (5); then a panel of the
    // back holds contacts beside a narrower map; then the card refuses, never setting type
    // below 7 pt or leaving anyone out.
    let mut seen: Vec<f64> = Vec::new();
    let mut more = 0;
    let failure = loop {
        let tmp = tempfile::tempdir().unwrap();
        let site = valid_site_with_copies(tmp.path(), "contacts", "amina", more);
        let result = wegwijs::build::cards(
            &site,
            &tmp.path().join("out"),
            &["nl".into()],
            &CardRequest::default(),
        );
        let files = match result {
            Ok(report) => report.files,
            Err(diags) => break diags.render(false),
        };
        let n = panels(&files[0], "Waar");
        let text = text(&files[0]);
        assert_eq!(
            text.matches("Amina Warsame").count(),
            2 * (more + 1),
            "every contact on both copies of the strip"
        );
        seen.push(n);
        more += 1;
        assert!(more < 40, "the card never filled: {seen:?}");
    };
    let seen: Vec<f64> = seen.iter().map(|n| n.round()).collect();
    assert_eq!(seen[0], 4.0, "{seen:?}");
    assert!(seen.contains(&5.0), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(more > 12, "at least a dozen contacts fit: {seen:?}");
    assert!(
        failure.contains("1 contact(s) do not fit on the nl card of at most 5 panels"),
        "{failure}"
    );
}

#[test]
fn a_personal_card_lists_its_contacts_in_the_order_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let order = ["pieter-de-groot", "selam-tesfay", "amira-haddad"];
    let request = CardRequest {
        contacts: Some(
            order
                .iter()
                .map(|id| wegwijs::model::Id::parse(id).unwrap())
                .collect(),
        ),
        title: None,
    };
    let files = cards(&example_site(), tmp.path(), &["nl", "ar"], &request);
    for pdf in &files {
        // The strip is read from its start: left to right in Dutch, right to left in Arabic.
        let rtl = pdf.to_string_lossy().contains("-ar-");
        let mut seen: Vec<(f64, f64, &str)> = Vec::new();
        let words = words(pdf);
        for (first, name) in [("Pieter", "pieter"), ("Selam", "selam"), ("Amira", "amira")] {
            let (x, y, _) = words
                .iter()
                .find(|(_, _, w)| w == first)
                .unwrap_or_else(|| panic!("{first} on {}", pdf.display()));
            seen.push((*x, *y, name));
        }
        // Panels first (along the strip), then top to bottom within a panel.
        let panel = 55.0 * 72.0 / 25.4;
        seen.sort_by(|a, b| {
            let (pa, pb) = ((a.0 / panel).floor(), (b.0 / panel).floor());
            let (pa, pb) = if rtl { (-pa, -pb) } else { (pa, pb) };
            pa.partial_cmp(&pb)
                .unwrap()
                .then(a.1.partial_cmp(&b.1).unwrap())
        });
        let names: Vec<&str> = seen.iter().map(|s| s.2).collect();
        assert_eq!(names, ["pieter", "selam", "amira"], "{}", pdf.display());
    }
}

/// The height of `word`'s first box, in points, from `pdftotext -bbox`.
fn word_height(pdf: &Path, word: &str) -> f64 {
    let html = tool("pdftotext", &["-bbox"], pdf);
    html.lines()
        .find(|l| l.contains(&format!(">{word}<")))
        .and_then(|l| {
            let get = |key: &str| -> Option<f64> {
                l.split(&format!("{key}=\""))
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()
            };
            Some(get("yMax")? - get("yMin")?)
        })
        .unwrap_or_else(|| panic!("{word} not on {}", pdf.display()))
}

#[test]
fn arabic_and_farsi_cards_copy_out_as_written() {
    // Typst split a mark (shadda, tanween) off its letter and gave both the letter's text;
    // poppler wrote lam-alef and a letter with its mark backwards. Both are mended.
    let tmp = tempfile::tempdir().unwrap();
    cards(
        &example_site(),
        tmp.path(),
        &["ar", "fa"],
        &CardRequest::default(),
    );
    let flat = |lang: &str| {
        let t = tool(
            "pdftotext",
            &[],
            &tmp.path().join(format!("card-{lang}.pdf")),
        );
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let ar = flat("ar");
    for written in [
        "أهلاً بك في ليندفارد",
        "متطوع لمّ شمل العائلة",
        "شرح إجراءات لمّ شمل العائلة",
        "الأولى",
        "اللاجئين",
    ] {
        assert!(ar.contains(written), "{written} in {ar}");
    }
    let fa = flat("fa");
    // The Persian half-space (ZWNJ) stays where it was written.
    assert!(fa.contains("لینده\u{200c}وارد"), "{fa}");
}

#[test]
fn a_long_address_breaks_before_a_dot_and_whatsapp_is_marked() {
    let tmp = tempfile::tempdir().unwrap();
    cards(
        &example_site(),
        tmp.path(),
        &["nl"],
        &CardRequest::default(),
    );
    let flow = tool("pdftotext", &[], &tmp.path().join("card-nl.pdf"));
    // Too long for the panel: broken before the dot, every letter printed.
    assert!(
        flow.contains("k.jansen@woonstichtinglindewaard\n.example"),
        "{flow}"
    );
    // Amira Haddad and Fatima Yilmaz take WhatsApp on their number; Ellen Visser does not.
    let text = text(&tmp.path().join("card-nl.pdf"));
    assert!(text.contains("06 12 34 56 01 WhatsApp"), "{text}");
    assert!(!text.contains("0341 700 402 WhatsApp"), "{text}");
}

#[test]
fn text_past_a_panel_edge_is_an_error_not_a_cut() {
    // A site's own card template that sets an address in one unbreakable box too wide for
    // its panel: the card is refused, naming the text, instead of printing it cut off.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    std::fs::create_dir_all(site.join("card")).unwrap();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/card/card.typ"),
    )
    .unwrap()
    .replace(
        "#address(c.email, inner-w)",
        "#box(width: 90mm, text(\"averyveryverylongname@an-even-longer-municipal-domain.example\"))",
    );
    std::fs::write(site.join("card/card.typ"), template).unwrap();
    let diags = wegwijs::build::cards(
        &site,
        &tmp.path().join("out"),
        &["nl".into()],
        &CardRequest::default(),
    )
    .unwrap_err();
    let t = diags.render(false);
    assert!(
        t.contains("text runs past the edge of its panel")
            && t.contains("\"averyveryverylongname@an-even-longer-"),
        "{t}"
    );
}

#[test]
fn a_personal_card_with_few_contacts_sets_them_larger_over_its_panels() {
    let tmp = tempfile::tempdir().unwrap();
    let all = cards(
        &example_site(),
        &tmp.path().join("all"),
        &["nl"],
        &CardRequest::default(),
    );
    let request = CardRequest {
        contacts: Some(
            ["selam-tesfay", "marieke-bos", "amira-haddad"]
                .iter()
                .map(|id| wegwijs::model::Id::parse(id).unwrap())
                .collect(),
        ),
        title: None,
    };
    let mine = cards(&example_site(), &tmp.path().join("mine"), &["nl"], &request);
    let (small, large) = (
        word_height(&all[0], "Selam"),
        word_height(&mine[0], "Selam"),
    );
    assert!(
        large > small * 1.3,
        "{small} pt on the site's card, {large} pt on the personal one"
    );
    // Spread over the panels: the three names are not all in one panel.
    let xs: Vec<f64> = words(&mine[0])
        .into_iter()
        .filter(|(_, _, w)| ["Selam", "Marieke", "Amira"].contains(&w.as_str()))
        .map(|(x, _, _)| x)
        .collect();
    let spread =
        xs.iter().cloned().fold(f64::MIN, f64::max) - xs.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread > 100.0, "{xs:?}");
}

#[test]
fn no_text_on_any_example_card_is_smaller_than_seven_points() {
    let loaded =
        wegwijs::build::load(&example_site()).unwrap_or_else(|d| panic!("{}", d.render(false)));
    let printer = wegwijs::print::Printer::new(&loaded.theme).expect("the default theme prints");
    for lang in &loaded.site.config.languages {
        let sizes = printer
            .text_sizes(&loaded.site, &loaded.locales, lang, &CardRequest::default())
            .unwrap_or_else(|d| panic!("{}: {d:?}", lang.code));
        assert!(sizes.len() > 50, "{}: {} texts", lang.code, sizes.len());
        let small: Vec<_> = sizes.iter().filter(|(_, pt)| *pt < 6.99).collect();
        assert!(small.is_empty(), "{}: {small:?}", lang.code);
    }
}

#[test]
fn long_addresses_and_long_words_break_or_shrink_back_instead_of_failing() {
    // Found in review: an ordinary long street name did not fit the legend's column, an
    // e-mail address with a long name before the `@` and a long web address did not fit a
    // panel, and a long word set larger than 7 pt ran past the edge. Each now breaks at a
    // sensible place, or the card is set at its own size.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let edit = |file: &str, from: &str, to: &str| {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "services/gp.yaml",
        "street: Dorpsstraat 1,",
        "street: Burgemeester van Roijensingel 1234,",
    );
    edit(
        "services/gp.yaml",
        "city: Testdorp",
        "city: Hardinxveld-Giessendam",
    );
    edit(
        "contacts/amina.yaml",
        "email: amina@huisarts.example",
        "email: praktijkondersteuner_amina_warsame_spreekuur@huisartsenpraktijk-dorpsstraat.example",
    );
    edit(
        "contacts/amina.yaml",
        "Praktijkondersteuner",
        "Jeugdgezondheidszorgmedewerker",
    );
    let files = cards(
        &site,
        &tmp.path().join("out"),
        &["nl"],
        &CardRequest::default(),
    );
    let flow = tool("pdftotext", &[], &files[0]);
    let joined: String = flow.split_whitespace().collect();
    for whole in [
        "praktijkondersteuner_amina_warsame_spreekuur@huisartsenpraktijk-dorpsstraat.example",
        "BurgemeestervanRoijensingel1234,Hardinxveld-Giessendam",
        "Jeugdgezondheidszorgmedewerker",
    ] {
        assert!(joined.contains(whole), "{whole} in {flow}");
    }
}

#[test]
fn a_personal_card_without_a_title_is_named_after_its_contacts_and_a_typo_is_corrected() {
    let tmp = tempfile::tempdir().unwrap();
    let id = |s: &str| wegwijs::model::Id::parse(s).unwrap();
    let request = CardRequest {
        contacts: Some(vec![id("selam-tesfay"), id("marieke-bos")]),
        title: None,
    };
    let files = cards(&example_site(), tmp.path(), &["nl"], &request);
    assert!(
        files[0].ends_with("card-nl-selam-tesfay-marieke-bos.pdf"),
        "{}",
        files[0].display()
    );
    let request = CardRequest {
        contacts: Some(vec![id("selam-tesfai")]),
        title: None,
    };
    let diags =
        wegwijs::build::cards(&example_site(), tmp.path(), &["nl".into()], &request).unwrap_err();
    let t = diags.render(false);
    assert!(t.contains("no contact has the id `selam-tesfai`"), "{t}");
    assert!(t.contains("did you mean `selam-tesfay`?"), "{t}");
}

/// A card shows no guide, so printing one does not read them: its time does not grow with
/// their number, and a guide being written does not stop a staff member printing cards.
#[test]
fn cards_do_not_read_the_guides() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    std::fs::write(
        site.join("guides/half-written.nl.md"),
        "---\ntitle: Nog niet af\ncategory: no-such-category\n---\n[zie](guide:nowhere)\n",
    )
    .unwrap();
    let build = wegwijs::build::build(&site, &tmp.path().join("public")).unwrap_err();
    assert!(
        build.render(false).contains("no-such-category"),
        "the build reads the guide: {}",
        build.render(false)
    );
    let files = cards(
        &site,
        &tmp.path().join("cards"),
        &["nl"],
        &CardRequest::default(),
    );
    assert_eq!(files.len(), 1);
    assert!(text(&files[0]).contains("Lindewaard"));
}
