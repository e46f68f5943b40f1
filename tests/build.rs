//! Whether the contract suite's judges (Prism and json-schema-faker, `npm ci --prefix
//! tests/contract`) are installed: without them, outside CI, its tests are compiled as ignored,
//! so `cargo test` reports them `ignored` with the reason instead of a silent `ok`. Under CI they
//! run, and fail when a judge is missing.

use std::path::Path;

const PACKAGES: &[&str] = &[
    "contract/node_modules/@stoplight/prism-cli/package.json",
    "contract/node_modules/json-schema-faker/package.json",
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(contract_judges_missing)");
    println!("cargo::rerun-if-env-changed=CI");
    let installed = PACKAGES.iter().all(|p| Path::new(p).is_file());
    if installed {
        // Removing either makes the next build look again.
        PACKAGES.iter().for_each(|p| println!("cargo::rerun-if-changed={p}"));
    } else {
        // `npm ci` creates node_modules, which changes the folder.
        let watched = if Path::new("contract/node_modules").is_dir() { "contract/node_modules" } else { "contract" };
        println!("cargo::rerun-if-changed={watched}");
    }
    if !installed && std::env::var_os("CI").is_none() {
        println!("cargo::rustc-cfg=contract_judges_missing");
    }
}
