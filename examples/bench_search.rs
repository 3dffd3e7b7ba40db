//! Times making the search index of a site, alone, with the peak memory it adds (Linux).
//!
//! cargo run --release --example bench_search -- SITE_FOLDER

use std::time::Instant;

/// The allocator the `wegwijs` binary uses, so that the figures are the build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let site = std::env::args()
        .nth(1)
        .expect("usage: bench_search SITE_FOLDER");
    let loaded =
        wegwijs::build::load(site.as_ref()).unwrap_or_else(|d| panic!("{}", d.render(false)));
    println!("site loaded, peak {:.0} MB", peak_mb());
    let start = Instant::now();
    let files = wegwijs::render::Collect::default();
    wegwijs::render::search::index(&loaded.site, &files).expect("the index is made");
    let files = files.into_files();
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "index: {} files, {:.1} MB, in {:?}, peak {:.0} MB",
        files.len(),
        bytes as f64 / 1e6,
        start.elapsed(),
        peak_mb()
    );
}
