//! A town map file as `map/fuzz.geojson` of a small valid site, loaded and validated; the same
//! text read as a basemap and drawn for the card and the map page.
#![no_main]

use wegwijs::map::{Basemap, Drawing, Medium};
use wegwijs::model::GeoPoint;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wegwijs_fuzz::with_file("map/fuzz.geojson", data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut map = Basemap::default();
    if map.add_geojson(text).is_ok() {
        let here = [GeoPoint {
            lat: 52.1,
            lon: 5.1,
        }];
        let drawing = Drawing::new(&map, &here, 110.0, 85.0, 6.0);
        let _ = drawing.svg(Medium::Page, |n| Some(format!("#{n}")));
    }
});
