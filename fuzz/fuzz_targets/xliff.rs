//! An XLIFF file from a translator imported into a small valid site: refused with located
//! problems or imported, never a panic. The site is put back after an import that wrote.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let root = wegwijs_fuzz::site_root();
    let file = root.with_extension("xlf");
    std::fs::write(&file, data).expect("the sandbox is writable");
    match wegwijs::translations::xliff::import(root, &file, false) {
        Ok(imported) => {
            let _ = imported.diagnostics.render(false);
            if !imported.files.is_empty() {
                wegwijs_fuzz::reset();
            }
        }
        Err(diags) => {
            let _ = diags.render(false);
        }
    }
});
