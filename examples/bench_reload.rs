//! Times what the preview does after a guide is saved, phase by phase: load and check with the
//! cache of parsed files warm, then render the pages the change affects.
//!
//! cargo run --release --example bench_reload SITE GUIDE_ID

use std::path::PathBuf;
use std::time::Instant;

// As in the wegwijs binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("a site folder"));
    let guide = args.next().expect("a guide id");
    let file = site.join("guides").join(format!("{guide}.nl.md"));
    let original = std::fs::read_to_string(&file).expect("the guide's Dutch file");
    let mut cache = wegwijs::build::Warm::default();
    wegwijs::build::load_cached(&site, &mut cache).expect("the site loads");
    wegwijs::timings::enable();
    for i in 0..5 {
        std::fs::write(&file, format!("{original}\nGewijzigd {i}.\n")).expect("written");
        let t = Instant::now();
        // As the preview does after its file watcher named the saved file.
        cache.files.changed = Some([file.clone()].into_iter().collect());
        let loaded = wegwijs::build::load_cached(&site, &mut cache).expect("the site loads");
        let loaded_in = t.elapsed();
        print!("{}", wegwijs::timings::table(&wegwijs::timings::take()));
        println!("load and check: {loaded_in:?}");
        drop(loaded);
    }
    std::fs::write(&file, original).expect("restored");
}
