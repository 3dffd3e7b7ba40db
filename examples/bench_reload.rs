//! Times what the preview does after a guide is saved, phase by phase: load and check with
//! what the last load parsed and checked, then render the pages the change affects. As
//! `wegwijs serve` does once its file watcher has named the saved file (without the watcher's
//! wait for the editor to finish writing, and without the browser's request).
//!
//! cargo run --release --example bench_reload SITE GUIDE_ID [SAVES]

use std::path::PathBuf;
use std::time::Duration;

// As in the wegwijs binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("a site folder"));
    let guide = args.next().expect("a guide id");
    let saves: usize = args
        .next()
        .map_or(5, |n| n.parse().expect("a number of saves"));
    let name = format!("guides/{guide}.nl.md");
    let file = site.join(&name);
    let original = std::fs::read_to_string(&file).expect("the guide's Dutch file");
    let preview = wegwijs::serve::Preview::default();
    let first = preview.rebuild(&site);
    assert!(first.ok, "{}", first.diagnostics.render(false));
    preview.settle();
    wegwijs::timings::enable();
    let mut took = Vec::new();
    let mut phases: Vec<(&str, Vec<Duration>)> = Vec::new();
    for i in 0..saves {
        std::fs::write(&file, format!("{original}\nGewijzigd {i}.\n")).expect("written");
        wegwijs::timings::take();
        let rebuilt = preview.rebuild_after(&site, Some(std::slice::from_ref(&name)));
        assert!(rebuilt.ok && rebuilt.incremental);
        for p in wegwijs::timings::take() {
            match phases.iter_mut().find(|(n, _)| *n == p.name) {
                Some((_, walls)) => walls.push(p.wall),
                None => phases.push((p.name, vec![p.wall])),
            }
        }
        println!(
            "rebuild {i}: {:?}, {} files rendered",
            rebuilt.elapsed, rebuilt.files
        );
        took.push(rebuilt.elapsed);
        // The preview indexes the change for search in the background; a second apart, as
        // saves come, it is done.
        preview.settle();
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::write(&file, original).expect("restored");
    println!("phase                median ms");
    for (name, mut walls) in phases {
        walls.sort();
        let median = walls[walls.len() / 2];
        println!("{name:<20} {:>9.1}", median.as_secs_f64() * 1000.0);
    }
    took.sort();
    println!(
        "median rebuild after a save: {:?} (min {:?}, max {:?})",
        took[took.len() / 2],
        took[0],
        took[took.len() - 1]
    );
}
