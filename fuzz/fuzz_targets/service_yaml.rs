//! `services/gp.yaml` of a small valid site replaced by the input, then loaded and validated: every
//! input ends in a site or in located problems, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wegwijs_fuzz::with_file("services/gp.yaml", data);
});
