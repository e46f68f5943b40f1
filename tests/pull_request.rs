//! The regeneration's pull request, dry: what `.github/workflows/regenerate.yml` would post for a
//! spec change. A crate generated from `tests/changes/before.md` is regenerated from one of the
//! rule table's pairs with `--bump --pull-request DIR`, as the workflow does, and the three files
//! it posts (title, label, body) are snapshotted.

use std::path::{Path, PathBuf};

use xtask::codegen::{Options, run};

use tests::root;

fn regenerate(specs: &Path, out: &Path, pull_request: Option<PathBuf>) {
    let options = Options {
        specs: vec![specs.to_path_buf()],
        out: out.to_path_buf(),
        bump: true,
        pull_request,
        ..Options::default()
    };
    run(&options).unwrap_or_else(|e| panic!("{} does not generate: {e}", specs.display()));
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_breaking_spec_change_opens_a_pull_request_labelled_with_its_bump() {
    let crate_dir = tempfile::tempdir().unwrap();
    let pr = tempfile::tempdir().unwrap();
    regenerate(&root().join("tests/changes/before.md"), crate_dir.path(), None);
    let after = root().join("tests/changes/after/field_added_required__request.md");
    regenerate(&after, crate_dir.path(), Some(pr.path().to_path_buf()));
    // A new required field breaks callers: for a 0.x crate, that is the minor number.
    assert_eq!(read(pr.path(), "label.txt"), "minor\n");
    let posted = format!(
        "title: {}label: {}\n{}",
        read(pr.path(), "title.txt"),
        read(pr.path(), "label.txt"),
        read(pr.path(), "body.md")
    );
    insta::assert_snapshot!("pull_request", posted);

    // Regenerated again from the same page: nothing to label, nothing in the crate changed.
    let again = tempfile::tempdir().unwrap();
    regenerate(&after, crate_dir.path(), Some(again.path().to_path_buf()));
    assert_eq!(read(again.path(), "label.txt"), "");
    assert_eq!(read(again.path(), "title.txt"), "Regenerate the SDK from the docs: no change to the public API\n");
    let body = read(again.path(), "body.md");
    assert!(body.contains("no change to the crate's public API") && !body.contains("### Files"), "{body}");
}
