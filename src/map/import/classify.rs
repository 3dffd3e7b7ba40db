//! Which OpenStreetMap features a pocket map shows, read from their tags.

/// What a feature shows on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum What {
    /// Motorways down to secondary roads: drawn wide, their names written.
    MajorRoad,
    /// Tertiary, residential and other streets people live and walk on.
    MinorRoad,
    /// Railways and tram lines above ground.
    Rail,
    /// Lakes, ponds, river banks, harbours (areas).
    Water,
    /// Rivers, canals and streams (lines).
    River,
    /// Parks, grass, woods.
    Green,
    /// The names of the town, its quarters and neighbourhoods.
    Place,
    /// What a newcomer finds their way by: the station, the town hall.
    Landmark,
}

impl What {
    /// The `kind` and `class` of the feature in the map file.
    pub fn kind_and_class(self) -> (&'static str, Option<&'static str>) {
        match self {
            What::MajorRoad => ("street", Some("major")),
            What::MinorRoad => ("street", Some("minor")),
            What::Rail => ("rail", None),
            What::Water | What::River => ("water", None),
            What::Green => ("green", None),
            What::Place => ("label", Some("place")),
            What::Landmark => ("label", Some("landmark")),
        }
    }

    /// Drawn as an area (and only as one).
    pub fn is_area(self) -> bool {
        matches!(self, What::Water | What::Green)
    }
}

/// What the element with `tags` shows on a pocket map, if anything.
pub fn classify(tags: &[(String, String)]) -> Option<What> {
    let tag = |key: &str| tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    // Under the ground or under a roof: not on the map.
    if matches!(tag("tunnel"), Some("yes" | "building_passage" | "culvert"))
        || tag("layer").is_some_and(|l| l.starts_with('-'))
    {
        return None;
    }
    if let Some(h) = tag("highway") {
        return match h.trim_end_matches("_link") {
            "motorway" | "trunk" | "primary" | "secondary" => Some(What::MajorRoad),
            "tertiary" | "residential" | "unclassified" | "living_street" | "pedestrian" => {
                Some(What::MinorRoad)
            }
            _ => None,
        };
    }
    if let Some(r) = tag("railway") {
        return match r {
            "rail" | "light_rail" | "tram" | "narrow_gauge" => Some(What::Rail),
            "station" | "halt" if tag("name").is_some() => Some(What::Landmark),
            _ => None,
        };
    }
    if matches!(tag("amenity"), Some("townhall")) && tag("name").is_some() {
        return Some(What::Landmark);
    }
    if let Some(p) = tag("place") {
        return matches!(
            p,
            "city" | "town" | "village" | "suburb" | "quarter" | "neighbourhood" | "hamlet"
        )
        .then_some(What::Place);
    }
    if matches!(tag("natural"), Some("water" | "bay"))
        || matches!(tag("waterway"), Some("riverbank" | "dock"))
        || matches!(tag("landuse"), Some("reservoir" | "basin"))
    {
        return Some(What::Water);
    }
    if matches!(tag("waterway"), Some("river" | "canal" | "stream")) {
        return Some(What::River);
    }
    if matches!(
        tag("leisure"),
        Some("park" | "garden" | "nature_reserve" | "common")
    ) || matches!(
        tag("landuse"),
        Some("grass" | "forest" | "meadow" | "recreation_ground" | "village_green" | "cemetery")
    ) || matches!(
        tag("natural"),
        Some("wood" | "scrub" | "heath" | "grassland")
    ) {
        return Some(What::Green);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(tags: &[(&str, &str)]) -> Option<What> {
        let tags: Vec<(String, String)> = tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        classify(&tags)
    }

    #[test]
    fn a_pocket_map_keeps_roads_rail_water_green_places_and_landmarks() {
        assert_eq!(of(&[("highway", "primary")]), Some(What::MajorRoad));
        assert_eq!(of(&[("highway", "secondary_link")]), Some(What::MajorRoad));
        assert_eq!(of(&[("highway", "residential")]), Some(What::MinorRoad));
        assert_eq!(of(&[("highway", "footway")]), None);
        assert_eq!(of(&[("highway", "primary"), ("tunnel", "yes")]), None);
        assert_eq!(of(&[("railway", "tram")]), Some(What::Rail));
        assert_eq!(of(&[("railway", "subway")]), None);
        assert_eq!(
            of(&[("railway", "station"), ("name", "Central")]),
            Some(What::Landmark)
        );
        assert_eq!(of(&[("natural", "water")]), Some(What::Water));
        assert_eq!(of(&[("waterway", "canal")]), Some(What::River));
        assert_eq!(of(&[("leisure", "park")]), Some(What::Green));
        assert_eq!(of(&[("place", "suburb")]), Some(What::Place));
        assert_eq!(of(&[("building", "yes")]), None);
    }
}
