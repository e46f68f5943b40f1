//! Any bytes, as a scraped page or an OpenAPI document, through load → merge → resolve → emit (no
//! file system): the generator may refuse them with diagnostics, never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first byte picks the input form, so one corpus covers pages and plain documents.
    let name = match data.first().map(|b| b % 3) {
        Some(0) => "fuzz.yaml",
        Some(1) => "fuzz.json",
        _ => "fuzz.md",
    };
    let _ = xtask::codegen::generate_text(Path::new(name), text);
});
