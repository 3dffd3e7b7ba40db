//! The commands of the command line that have a file of their own (the others are still in
//! `main.rs`, to be moved here one by one).

pub mod map;
