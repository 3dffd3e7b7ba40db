//! wegwijs turns a municipality's plain files about local services into a welcome site for
//! newcomers, in every language the municipality publishes.
//!
//! The pipeline, one module per stage: [`load`] → [`validate`] → [`render`] → [`output`];
//! [`print`] makes the pocket cards from the same validated site, [`map`] draws the town.
//! [`build`] runs it; see ARCHITECTURE.md for the map.

pub mod build;
pub mod check;
pub mod diagnostics;
pub mod i18n;
pub mod load;
pub mod map;
pub mod model;
pub mod output;
pub mod print;
pub mod render;
pub mod serve;
pub mod timings;
pub mod translations;
pub mod validate;
