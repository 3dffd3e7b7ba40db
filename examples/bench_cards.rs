//! Times printing the example site's five cards, warm: fonts parsed and the site loaded once,
//! then all five cards made in parallel, as `wegwijs build` does.
//!
//! cargo run --release --example bench_cards

use std::path::Path;
use std::time::{Duration, Instant};

use wegwijs::print::{CardRequest, Printer};

fn main() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let loaded = wegwijs::build::load(&site).expect("the example site loads");
    let start = Instant::now();
    let printer = Printer::new(&loaded.theme).expect("the theme prints");
    println!("fonts parsed in {:?}", start.elapsed());
    let request = CardRequest::default();
    let mut runs: Vec<Duration> = (0..12)
        .map(|_| {
            let start = Instant::now();
            let langs = &loaded.site.config.languages;
            let bytes: usize = wegwijs::build::print_cards(&loaded, &printer, langs, &request)
                .into_iter()
                .map(|(_, pdf)| pdf.unwrap().len())
                .sum();
            assert!(bytes > 0);
            start.elapsed()
        })
        .collect();
    let first = runs.remove(0);
    runs.sort();
    println!("first run (cold Typst caches): {first:?}");
    println!(
        "all five cards, warm: median {:?}, best {:?}, worst {:?} over {} runs",
        runs[runs.len() / 2],
        runs[0],
        runs[runs.len() - 1],
        runs.len()
    );
}
