//! `wegwijs map import EXTRACT [SITE]`: the town's map from an OpenStreetMap extract, written
//! into the site as `map/basemap.geojson` for `build`, `cards` and `serve` to draw.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;
use wegwijs::map::import::{ATTRIBUTION, BASEMAP_FILE, Bbox, What, import};
use wegwijs::model::GeoPoint;

#[derive(Subcommand)]
pub enum MapCommand {
    /// Make the town map from an OpenStreetMap extract (.osm.pbf, .osm or overpass .geojson)
    Import {
        /// The extract: a .osm.pbf file (Geofabrik, BBBike), a .osm file (openstreetmap.org's
        /// Export) or a .geojson file (overpass turbo's Export)
        extract: PathBuf,
        #[command(flatten)]
        site: super::SiteFolder,
        /// The area to draw, as west,south,east,north in degrees [default: the services with a
        /// location, plus the margin]
        #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
        bbox: Option<String>,
        /// Metres of town around the services
        #[arg(long, value_name = "METRES", default_value_t = 300.0)]
        margin: f64,
    },
}

pub fn run(command: MapCommand) -> ExitCode {
    match command {
        MapCommand::Import {
            extract,
            site,
            bbox,
            margin,
        } => import_map(&extract, &site.path(), bbox.as_deref(), margin),
    }
}

fn import_map(extract: &Path, site: &Path, bbox: Option<&str>, margin: f64) -> ExitCode {
    let fail = |message: String| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    };
    if !site.join("site.yaml").is_file() {
        return fail(format!(
            "`{}` is not a site folder (it has no site.yaml)",
            site.display()
        ));
    }
    if !extract.is_file() {
        return fail(format!(
            "there is no file `{}`: give the path of the OpenStreetMap extract you downloaded (the README's \"The town map\" says where to get one)",
            extract.display()
        ));
    }
    // The services with a location: the area to draw, or what must be inside it.
    let places: Vec<(String, GeoPoint)> = match wegwijs::build::load(site) {
        Ok(loaded) => loaded
            .site
            .services
            .iter()
            .filter_map(|s| Some((s.id.to_string(), s.location?)))
            .collect(),
        Err(diags) if bbox.is_none() => {
            eprint!("{}", diags.render(false));
            return fail(
                "the site has errors, so its services' places are not known: correct them, or give the area with --bbox W,S,E,N".into(),
            );
        }
        Err(_) => Vec::new(),
    };
    if !(0.0..=20_000.0).contains(&margin) {
        return fail(format!(
            "--margin {margin} is not a distance in metres between 0 and 20000"
        ));
    }
    let area = match bbox {
        Some(text) => match Bbox::parse(text) {
            Ok(b) => b,
            Err(e) => return fail(format!("--bbox {e}")),
        },
        None => {
            let points: Vec<GeoPoint> = places.iter().map(|(_, p)| *p).collect();
            match Bbox::around(&points, margin) {
                Some(b) => b,
                None => {
                    return fail(
                        "no service has a `location` yet, so the map's area is not known: give it with --bbox W,S,E,N".into(),
                    );
                }
            }
        }
    };
    let started = Instant::now();
    let imported = match import(extract, area) {
        Ok(i) => i,
        Err(e) => return fail(format!("cannot import `{}`: {e}", extract.display())),
    };
    let target = site.join(BASEMAP_FILE);
    if let Err(e) = wegwijs::output::write_file_atomic(&target, imported.geojson.as_bytes()) {
        return fail(format!(
            "cannot write `{}`: {}",
            target.display(),
            wegwijs::diagnostics::io_words(&e)
        ));
    }
    let drawn = imported.bbox;
    if drawn != area {
        eprintln!(
            "warning: the extract ends before the map's area does: the map covers {} (W,S,E,N) of the {} asked for; download an extract that covers the whole town",
            degrees(&drawn),
            degrees(&area)
        );
    }
    for (id, place) in &places {
        if !drawn.contains(*place) {
            let fix = if bbox.is_some() {
                "widen --bbox"
            } else {
                "use an extract that covers it"
            };
            eprintln!(
                "warning: service `{id}` ({:.5}, {:.5}) is outside the map's area {}: the map grows to show its marker, but has no streets there; {fix}, or check its `location`",
                place.lat,
                place.lon,
                degrees(&drawn)
            );
        }
    }
    let count = |w: What| {
        imported
            .counts
            .iter()
            .find(|(x, _)| *x == w)
            .map_or(0, |(_, n)| *n)
    };
    println!(
        "Wrote {BASEMAP_FILE} ({} KB) in {} ms: {} main roads, {} streets, {} railways, {} water, {} rivers and canals, {} green areas, {} place names, {} landmarks.",
        imported.geojson.len().div_ceil(1024),
        started.elapsed().as_millis(),
        count(What::MajorRoad),
        count(What::MinorRoad),
        count(What::Rail),
        count(What::Water),
        count(What::River),
        count(What::Green),
        count(What::Place),
        count(What::Landmark),
    );
    println!(
        "The map pages and cards say \"{ATTRIBUTION}\", as the data's licence (ODbL) asks. Run `wegwijs build` to see it."
    );
    ExitCode::SUCCESS
}

/// An area as `W,S,E,N`, as `--bbox` takes it.
fn degrees(b: &Bbox) -> String {
    format!("{:.5},{:.5},{:.5},{:.5}", b.west, b.south, b.east, b.north)
}
