//! Times each stage of a build of the site given as argument (default: the example), warm:
//! load (read + parse), validate, render pages, print cards. Shows where a rebuild spends its
//! time.
//!
//! cargo run --release --example bench_phases [SITE]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use wegwijs::diagnostics::Diagnostics;

/// The allocator the `wegwijs` binary uses, so that the figures are the build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let site = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"));
    let (mut load, mut validate, mut pages, mut cards) = (vec![], vec![], vec![], vec![]);
    let mut search = vec![];
    let printer = {
        let l = wegwijs::build::load(&site).expect("the site loads");
        wegwijs::print::Printer::new(&l.theme).expect("the theme prints")
    };
    for _ in 0..7 {
        let t = Instant::now();
        let (raw, _) = wegwijs::load::load_site(&site);
        let (theme, _) = wegwijs::load::Theme::load(&raw.dir);
        let dir = raw.dir.clone();
        load.push(t.elapsed());
        let t = Instant::now();
        let mut d = Diagnostics::default();
        let from_theme = wegwijs::validate::FromTheme {
            icons: theme.icons.keys().map(String::as_str).collect(),
            card_glyphs: wegwijs::print::card_glyphs(&theme),
        };
        let s = wegwijs::validate::validate(raw, &from_theme, &mut d).expect("valid");
        let locales = std::sync::Arc::new(wegwijs::i18n::Locales::load(&theme, &s.config, &mut d));
        validate.push(t.elapsed());
        let loaded = wegwijs::build::Loaded {
            site: s,
            theme,
            locales,
            warnings: Diagnostics::default(),
            dir,
        };
        let t = Instant::now();
        let r = wegwijs::render::Renderer::new(
            &loaded.site,
            &loaded.theme,
            loaded.locales.clone(),
            &mut d,
        )
        .expect("templates compile");
        let out = wegwijs::render::Collect::default();
        r.pages(None, &out, &mut d);
        let out = out.into_files();
        pages.push(t.elapsed());
        assert!(!out.is_empty());
        let t = Instant::now();
        let index = wegwijs::render::Collect::default();
        wegwijs::render::search::index(&loaded.site, &index).expect("indexed");
        let index = index.into_files();
        search.push(t.elapsed());
        assert!(!index.is_empty());
        let t = Instant::now();
        let langs = &loaded.site.config.languages;
        let _ = wegwijs::build::print_cards(&loaded, &printer, langs, &Default::default());
        cards.push(t.elapsed());
    }
    println!(
        "{}: load {:?}, validate {:?}, render pages {:?}, search index {:?}, cards {:?} (medians of 7)",
        site.display(),
        median(load),
        median(validate),
        median(pages),
        median(search),
        median(cards)
    );
}
