//! `wegwijs serve`: the preview in memory, its error page, and the real server with its watcher.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::*;
use wegwijs::serve::Preview;

fn body(r: &(u16, String, Vec<u8>)) -> String {
    String::from_utf8_lossy(&r.2).into_owned()
}

#[test]
fn a_content_error_shows_located_diagnostics_and_keeps_the_last_good_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let preview = Preview::default();
    assert!(preview.rebuild(&site).ok);
    let page = preview.respond("/nl/guides/welcome/");
    assert_eq!(page.0, 200);
    assert!(page.1.starts_with("text/html"));
    assert!(
        body(&page).contains("/__wegwijs/wait?v="),
        "the reload script is injected in serve mode"
    );
    assert_eq!(preview.respond("/style.css").1, "text/css; charset=utf-8");
    assert_eq!(preview.respond("/../Cargo.toml").0, 400);
    assert_eq!(preview.respond("/nl/nothing/").0, 404);
    // A guide on paper is printed when it is asked for, not with every save.
    assert!(!preview.files().contains_key("ar/guides/welcome/guide.pdf"));
    let pdf = preview.respond("/ar/guides/welcome/guide.pdf");
    assert_eq!((pdf.0, pdf.1.as_str()), (200, "application/pdf"));
    assert!(pdf.2.starts_with(b"%PDF"));
    assert_eq!(preview.respond("/ar/guides/nothing/guide.pdf").0, 404);

    let contact = std::fs::read_to_string(site.join("contacts/amina.yaml")).unwrap();
    std::fs::write(
        site.join("contacts/amina.yaml"),
        contact.replace("service: gp", "service: gpp"),
    )
    .unwrap();
    assert!(!preview.rebuild(&site).ok);
    let page = preview.respond("/nl/guides/welcome/");
    assert_eq!(page.0, 500);
    assert!(
        body(&page).contains("contacts/amina.yaml:4:10"),
        "{}",
        body(&page)
    );
    assert_eq!(
        preview.respond("/style.css").0,
        200,
        "the last good build is still there"
    );

    std::fs::write(site.join("contacts/amina.yaml"), contact).unwrap();
    assert!(preview.rebuild(&site).ok);
    assert_eq!(
        preview.respond("/nl/guides/welcome/").0,
        200,
        "fixing the file clears the error"
    );
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut out = String::new();
    stream.read_to_string(&mut out).ok()?;
    Some(out)
}

#[test]
fn saving_a_guide_rebuilds_and_wakes_the_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_wegwijs"))
            .args(["serve", site.to_str().unwrap(), "--port", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    let first = loop {
        if let Some(r) = get(port, "/nl/guides/welcome/") {
            break r;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(first.lines().next().unwrap().contains(" 200 "), "{first}");
    let at = first.find("var v=").expect("the reload script") + "var v=".len();
    let version: u64 = first[at..].split(';').next().unwrap().parse().unwrap();

    let waiter = std::thread::spawn(move || get(port, &format!("/__wegwijs/wait?v={version}")));
    std::thread::sleep(Duration::from_millis(300));
    let guide = std::fs::read_to_string(site.join("guides/welcome.nl.md")).unwrap();
    std::fs::write(
        site.join("guides/welcome.nl.md"),
        guide.replace("Bel de", "Bel gerust de"),
    )
    .unwrap();
    let woke = waiter.join().unwrap().unwrap();
    assert!(woke.ends_with(&(version + 1).to_string()), "{woke}");
    let page = get(port, "/nl/guides/welcome/").unwrap();
    let at = page.find("Bel").unwrap_or(0);
    assert!(
        page.contains("Bel gerust de"),
        "{}",
        &page[at..(at + 200).min(page.len())]
    );
}

/// Each edit, rebuilt incrementally, must leave the preview exactly as a full rebuild would.
#[test]
fn incremental_rebuilds_equal_full_rebuilds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    let _ = std::fs::remove_dir_all(site.join("public"));
    let preview = Preview::default();
    assert!(preview.rebuild(&site).ok);
    let all = preview.files().len();

    let edits: [(&str, &str, &str, usize); 7] = [
        // A guide's body: only that guide's pages (five languages); the sitemap stays.
        (
            "guides/first-week.nl.md",
            "selam-tesfay]\n---\n",
            "selam-tesfay]\n---\nEen extra zin.\n\n",
            5,
        ),
        (
            "guides/first-week.ti.md",
            "እንቋዕ ብደሓን መጻእካ!",
            "እንቋዕ ብደሓን መጻእኩም!",
            5,
        ),
        // A guide's title: also the lists and the pages of its services.
        (
            "guides/first-week.en.md",
            "title: Your first week",
            "title: Your very first week",
            60,
        ),
        // A guide's place in the lists: the lists, its services' pages and the sitemap.
        ("guides/first-week.nl.md", "order: 1\n", "order: 9\n", 60),
        // A service: its page, the lists, guides that show it, vCards, cards.
        (
            "services/health-centre.yaml",
            "en: De Linde Health Centre (GPs)",
            "en: De Linde Health Centre",
            130,
        ),
        // A contact: the lists, its service's page, its guides, its vCard, cards.
        (
            "contacts/amira-haddad.yaml",
            "en: Case manager for refugees",
            "en: Case manager for newcomers",
            130,
        ),
        // A missing translation arrives: the guide gains a language everywhere it is listed,
        // and in the sitemap.
        (
            "guides/school-for-children.ti.md",
            "",
            "---\ntitle: ቤት ትምህርቲ\nsummary: ንደቅኹም።\n---\nጽሑፍ።\n",
            60,
        ),
    ];
    for (file, from, to, at_most) in edits {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(text.contains(from), "{file}: {from}");
        let new = if from.is_empty() {
            to.to_owned()
        } else {
            text.replacen(from, to, 1)
        };
        std::fs::write(&path, new).unwrap();
        let r = preview.rebuild_after(&site, Some(&[file.to_owned()]));
        assert!(r.ok, "{file}: {}", r.diagnostics.render(false));
        assert!(r.incremental, "{file}");
        assert!(
            r.files <= at_most && r.files < all,
            "{file}: {} files rendered",
            r.files
        );

        let full = Preview::default();
        assert!(full.rebuild(&site).ok);
        // The search index follows in the background.
        preview.settle();
        let (a, b) = (preview.files(), full.files());
        assert_eq!(a.len(), b.len(), "{file}");
        for (path, bytes) in &b {
            // Pages, vCards, cards and the rest; the preview serves no service worker (whose
            // version follows every file).
            if !path.ends_with("/sw.js") {
                assert!(
                    a.get(path) == Some(bytes),
                    "{file}: {path} differs from a full rebuild"
                );
            }
        }
    }

    // Something the preview cannot narrow down renders everything.
    let r = preview.rebuild_after(&site, Some(&["site.yaml".to_owned()]));
    assert!(!r.incremental && r.files == all);
}

/// Every file of `dir` dated `then`, so that a warm load trusts what it parsed before (files
/// written in the last two seconds are always read again).
fn date(dir: &std::path::Path, then: std::time::SystemTime) {
    if dir.is_file() {
        let file = std::fs::File::options().write(true).open(dir).unwrap();
        file.set_modified(then).unwrap();
        return;
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        date(&entry.unwrap().path(), then);
    }
}

/// The preview loads with what it parsed and checked before; it must say what a fresh load
/// says, after an edit of a guide, after an edit that changes what guides and contacts may
/// refer to, after an edit of site.yaml that changes what services may, and after an edit of
/// translations.yaml: both when the load compares every file's stamp and when the file
/// watcher names the changed file.
#[test]
fn a_warm_load_says_what_a_cold_one_says() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    let _ = std::fs::remove_dir_all(site.join("public"));
    // A warning in a guide that is not edited: it must still be said on every warm load.
    let other = site.join("guides/money-and-debts.nl.md");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{text}\n<script>alert(1)</script>\n")).unwrap();
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    date(&site, an_hour_ago);
    let mut warm = wegwijs::build::Warm::default();
    let mut told = wegwijs::build::Warm::default();
    let said = |r: Result<wegwijs::build::Loaded, wegwijs::diagnostics::Diagnostics>| match r {
        Ok(l) => (
            true,
            l.warnings.render(false),
            l.site
                .guides
                .iter()
                .map(|g| format!("{} {:?} {:?}", g.id, g.services, g.text))
                .chain(l.site.services.iter().map(|s| format!("{s:?}")))
                .chain(l.site.contacts.iter().map(|c| format!("{c:?}")))
                .collect::<Vec<_>>(),
        ),
        Err(d) => (false, d.render(false), Vec::new()),
    };
    let first = said(wegwijs::build::load_cached(&site, &mut warm));
    assert_eq!(first, said(wegwijs::build::load_cached(&site, &mut told)));
    assert!(
        first.0 && first.1.contains("removed from the page"),
        "{}",
        first.1
    );

    let edits: [(&str, &str, &str); 6] = [
        // A guide's body.
        (
            "guides/first-week.nl.md",
            "---\n",
            "---\nZie [de huisarts](service:health-centre).\n",
        ),
        // A service's id: a guide that lists it now points at nothing.
        (
            "services/refugee-council.yaml",
            "id: refugee-council",
            "id: refugee-help",
        ),
        // And back.
        (
            "services/refugee-council.yaml",
            "id: refugee-help",
            "id: refugee-council",
        ),
        // A category's id: the services in it now name none.
        ("site.yaml", "- id: health\n", "- id: care\n"),
        ("site.yaml", "- id: care\n", "- id: health\n"),
        // A translation recorded as made from another version: now outdated.
        (
            "translations.yaml",
            "  en: 4c9b185f8562\n",
            "  en: 000000000000\n",
        ),
    ];
    for (i, (file, from, to)) in edits.into_iter().enumerate() {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.rfind(from).unwrap_or_else(|| panic!("{file}: {from}"));
        std::fs::write(
            &path,
            format!("{}{to}{}", &text[..at], &text[at + from.len()..]),
        )
        .unwrap();
        // As if saved a while ago: only what its stamp shows as changed is read again.
        date(&path, an_hour_ago + Duration::from_secs(i as u64 + 1));
        let warm = said(wegwijs::build::load_cached(&site, &mut warm));
        told.files.changed = Some([path].into_iter().collect());
        let told = said(wegwijs::build::load_cached(&site, &mut told));
        let cold = said(wegwijs::build::load(&site));
        assert_eq!(warm, cold, "after editing {file}");
        assert_eq!(told, cold, "after editing {file}, named by the watcher");
        if i == 3 {
            assert!(!cold.0 && cold.1.contains("health"), "{}", cold.1);
        }
        if i == 5 {
            assert!(cold.1.contains("`site/name` changed in nl"), "{}", cold.1);
        }
        assert!(
            cold.1.contains("removed from the page"),
            "{file}: {}",
            cold.1
        );
    }
}

/// After a save the preview indexes again only the languages whose search records the change
/// altered: a Tigrinya edit, Tigrinya; a Dutch edit, Dutch and the languages showing that
/// guide in Dutch (the example has no Tigrinya `school-for-children`).
#[test]
fn the_preview_indexes_again_only_the_languages_a_change_alters() {
    use wegwijs::render::search;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    let load = || {
        wegwijs::build::load(&site)
            .unwrap_or_else(|d| panic!("{}", d.render(false)))
            .site
    };
    let (parts, remade) = search::parts(&load(), Default::default()).unwrap();
    assert_eq!(remade, ["nl", "en", "ar", "ti", "fa"]);
    let whole = wegwijs::render::Collect::default();
    search::index(&load(), &whole).unwrap();
    let mut whole = whole.into_files();
    whole.sort_by(|a, b| a.path.cmp(&b.path));
    let joined = search::joined(parts.values()).unwrap();
    assert_eq!(
        joined
            .iter()
            .map(|f| (&f.path, &f.bytes))
            .collect::<Vec<_>>(),
        whole
            .iter()
            .map(|f| (&f.path, &f.bytes))
            .collect::<Vec<_>>(),
        "the parts make the same index as the whole"
    );

    let edit = |file: &str, from: &str, to: &str| {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let (parts, remade) = search::parts(&load(), parts).unwrap();
    assert!(remade.is_empty(), "nothing changed: {remade:?}");

    edit(
        "guides/first-week.ti.md",
        "እንቋዕ ብደሓን መጻእካ!",
        "እንቋዕ ብደሓን መጻእኩም!",
    );
    let (parts, remade) = search::parts(&load(), parts).unwrap();
    assert_eq!(remade, ["ti"]);

    edit(
        "guides/school-for-children.nl.md",
        "\n---\n",
        "\n---\nEen extra zin.\n\n",
    );
    let (_, remade) = search::parts(&load(), parts).unwrap();
    assert_eq!(remade, ["nl", "ti"]);
}

/// The preview's indexer keeps each language's part between saves, also when it was idle in
/// between: the second Tigrinya edit indexes Tigrinya alone.
#[test]
fn the_preview_keeps_its_index_parts_between_saves() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&example_site(), &site);
    let preview = Preview::default();
    assert!(preview.rebuild(&site).ok);
    let file = "guides/first-week.ti.md";
    for (i, expected) in [&["nl", "en", "ar", "ti", "fa"][..], &["ti"]]
        .into_iter()
        .enumerate()
    {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\nሓድሽ {i}\n")).unwrap();
        assert!(preview.rebuild_after(&site, Some(&[file.to_owned()])).ok);
        preview.settle();
        assert_eq!(preview.reindexed(), expected, "save {i}");
        let served = preview.files();
        assert!(served.keys().any(|p| p.starts_with("pagefind/")));
    }
}
