//! The change report, from our fixture pairs: `tests/changes/before.md` (or, for a row that needs
//! another starting point, `tests/changes/before/<row>.md`) and one page per row of the rule table
//! in `tests/changes/after/` (named `<rule>` or `<rule>__<direction>`). Each pair must produce that
//! rule, classified as the table says, and a Markdown report we snapshot.

use std::path::{Path, PathBuf};

use xtask::codegen::{Options, run};
use xtask::lock::IR_FILE;
use xtask::report::rules::{Direction, Level, Rule, classify};

use tests::root;

fn options(specs: &[PathBuf], out: &Path, report: Option<PathBuf>) -> Options {
    Options { specs: specs.to_vec(), out: out.to_path_buf(), report, ..Options::default() }
}

fn before() -> PathBuf {
    root().join("tests/changes/before.md")
}

#[test]
fn every_row_of_the_rule_table_has_a_fixture_pair() {
    insta::glob!("changes/after/*.md", |after| {
        let stem = after.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let (rule_name, direction_name) = match stem.split_once("__") {
            Some((rule, direction)) => (rule, Some(direction)),
            None => (stem, None),
        };
        let rule: Rule = serde_json::from_value(serde_json::json!(rule_name)).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let direction: Option<Direction> =
            direction_name.map(|d| serde_json::from_value(serde_json::json!(d)).unwrap());

        let own_before = root().join("tests/changes/before").join(format!("{stem}.md"));
        let before = if own_before.exists() { own_before } else { before() };
        let out = tempfile::tempdir().unwrap();
        run(&options(&[before], out.path(), None)).expect("the before page generates");
        let report_file = out.path().join("report.md");
        let outcome = run(&options(&[after.to_path_buf()], out.path(), Some(report_file.clone())))
            .unwrap_or_else(|e| panic!("{stem} does not generate: {e}"));
        let changes = outcome.report.changes.clone().expect("there was an earlier IR");
        let hit = changes
            .iter()
            .find(|c| c.rule == rule && direction.is_none_or(|d| c.direction == d))
            .unwrap_or_else(|| panic!("{stem}: no {rule:?} change in {changes:#?}"));
        assert_eq!(hit.level, classify(rule, hit.direction), "{stem}");
        // Independently of the table: what each pair must be for a caller of the crate.
        let breaking = !matches!(
            rule,
            Rule::OperationAdded
                | Rule::EndpointChanged
                | Rule::ParameterAddedOptional
                | Rule::ErrorStatusAdded
                | Rule::ErrorStatusRemoved
                | Rule::TypeAdded
                | Rule::FieldAddedOptional
                | Rule::EnumValueAdded
                | Rule::VariantAdded
                | Rule::Deprecated
                | Rule::DocChanged
                | Rule::ConstantChanged
                | Rule::RequestUseAdded
                | Rule::SerdeImplAdded
                | Rule::FeatureAdded
                | Rule::FeaturesChanged
                | Rule::SchemeAdded
                | Rule::SecurityChanged
        ) && stem != "field_added_required__response"
            && !(rule == Rule::FieldNullabilityChanged && hit.direction == Direction::Response);
        assert_eq!(hit.level == Level::Breaking, breaking, "{stem}: {hit:?}");
        insta::assert_snapshot!("report", std::fs::read_to_string(&report_file).unwrap());
    });
}

#[test]
fn the_report_lists_changes_and_the_ir_copy_moves_on() {
    let out = tempfile::tempdir().unwrap();
    let after = root().join("tests/changes/after/field_added_required__request.md");
    run(&options(&[before()], out.path(), None)).unwrap();
    let report_file = out.path().join("report.md");
    let outcome =
        run(&Options { bump: true, ..options(std::slice::from_ref(&after), out.path(), Some(report_file.clone())) })
            .unwrap();
    let report = std::fs::read_to_string(&report_file).unwrap();
    assert!(report.contains("### Breaking changes") && report.contains("0.1.0 → 0.2.0 (minor)"), "{report}");
    // The IR copy is the new one, and --bump wrote the suggested version.
    let lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join(IR_FILE)).unwrap()).unwrap();
    assert_eq!(lock["version"], "0.2.0");
    assert_eq!(serde_json::to_value(&outcome.generated.api).unwrap(), lock["api"]);
    assert!(std::fs::read_to_string(out.path().join("Cargo.toml")).unwrap().contains("version = \"0.2.0\""));

    // Running again: nothing changed, and the report says so.
    run(&options(&[after], out.path(), Some(report_file.clone()))).unwrap();
    let report = std::fs::read_to_string(&report_file).unwrap();
    assert!(report.contains("no change to the crate's public API"), "{report}");
}

#[test]
fn reordering_pages_and_files_reports_nothing() {
    let specs = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures");
    // The pages, not `sdk.toml`.
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name.to_string_lossy().ends_with(".md"))
        .collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        std::fs::copy(fixtures.join(name), specs.path().join(format!("{i:02}.md"))).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    run(&options(&[specs.path().to_path_buf()], out.path(), None)).unwrap();

    // The same pages under other file names, in another order, passed in another order.
    let shuffled = tempfile::tempdir().unwrap();
    for (i, name) in names.iter().rev().enumerate() {
        std::fs::copy(fixtures.join(name), shuffled.path().join(format!("page-{i:02}.md"))).unwrap();
    }
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(shuffled.path()).unwrap().map(|e| e.unwrap().path()).collect();
    inputs.sort();
    inputs.reverse();
    let outcome = run(&options(&inputs, out.path(), None)).unwrap();
    assert_eq!(outcome.report.changes, Some(Vec::new()));
    assert!(!outcome.is_stale(), "{:?}", outcome.changes);
}

/// Names from paths are stable: an operation added to an API without tags or operationIds is an
/// addition, and no other operation or type changes its name (`tests/changes/stable/`).
#[test]
fn adding_an_operation_renames_nothing() {
    let pair = root().join("tests/changes/stable");
    let out = tempfile::tempdir().unwrap();
    run(&options(&[pair.join("before.yaml")], out.path(), None)).unwrap();
    let report_file = out.path().join("report.md");
    let outcome = run(&options(&[pair.join("after.yaml")], out.path(), Some(report_file.clone()))).unwrap();
    let changes = outcome.report.changes.clone().expect("there was an earlier IR");
    let added: Vec<&str> =
        changes.iter().filter(|c| c.rule == Rule::OperationAdded).map(|c| c.subject.as_str()).collect();
    assert_eq!(added, ["operation `secrets().list_versions`"], "{changes:#?}");
    assert!(changes.iter().all(|c| c.level != Level::Breaking), "{changes:#?}");
    let names: Vec<String> = outcome.generated.api.operations.iter().map(|o| o.qualified_name()).collect();
    assert_eq!(
        names,
        [
            "auth().login_universal_auth",
            "secrets().list",
            "secrets().create",
            "secrets().get",
            "secrets().delete",
            "secrets().list_versions"
        ]
    );
    insta::assert_snapshot!("stable_report", std::fs::read_to_string(&report_file).unwrap());
}

/// `CHANGELOG.md` after two `--bump` regenerations (a change, then its reversal): a section per
/// version, newest first, the first kept byte for byte; the pull request quotes the new section.
#[test]
fn each_bump_adds_a_changelog_section_and_keeps_the_earlier_ones() {
    let out = tempfile::tempdir().unwrap();
    let changelog = out.path().join("CHANGELOG.md");
    let after = root().join("tests/changes/after/field_added_required__request.md");
    run(&options(&[before()], out.path(), None)).unwrap();
    let fresh = std::fs::read_to_string(&changelog).unwrap();
    assert!(fresh.starts_with("# Changelog\n") && !fresh.contains("## ["), "{fresh}");

    let bump = |spec: &Path, pull_request: &Path| {
        let options = options(&[spec.to_path_buf()], out.path(), None);
        run(&Options { bump: true, pull_request: Some(pull_request.to_path_buf()), ..options }).unwrap();
        std::fs::read_to_string(&changelog).unwrap()
    };
    let first_pr = out.path().join("pr-1");
    let once = bump(&after, &first_pr);
    let (_, first) = once.split_once("## [0.2.0] - ").expect("a section for 0.2.0");
    let first = format!("## [0.2.0] - {first}");
    assert!(first.contains("### Changed\n\n- **Breaking:** field `"), "{first}");
    let body = std::fs::read_to_string(first_pr.join("body.md")).unwrap();
    assert!(body.contains(first.trim_end()), "the pull request quotes the section:\n{body}");

    let twice = bump(&before(), &out.path().join("pr-2"));
    assert!(twice.ends_with(&first), "the first section is kept byte for byte:\n{twice}");
    let newest = twice.find("## [0.3.0] - ").expect("a section for 0.3.0");
    assert!(newest < twice.find("## [0.2.0]").unwrap(), "newest first");
    assert!(twice[newest..].contains("### Removed\n\n- **Breaking:** field `"), "{twice}");
    assert_eq!(twice.matches("\n## [").count(), 2);

    // A run without --bump, or with nothing to bump, leaves the file as it is.
    run(&options(&[before()], out.path(), None)).unwrap();
    assert_eq!(std::fs::read_to_string(&changelog).unwrap(), twice);
    let check = run(&Options { check: true, ..options(&[before()], out.path(), None) }).unwrap();
    assert!(!check.is_stale());
}

/// The feature that turns every group on is named for how the groups were made, and the crate
/// has the other name too: a spec whose tags go (its groups now its paths' resources) changes the
/// words, and breaks no `Cargo.toml` that names either.
#[test]
fn the_umbrella_feature_follows_the_groups_and_keeps_both_names() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, out) = (dir.path().join("notes.yaml"), dir.path().join("sdk"));
    let tagged = "openapi: 3.0.3\ninfo: { title: Notes, version: '1' }\npaths:\n  /notes:\n    get:\n      operationId: listNotes\n      tags: [notes]\n      responses: { '200': { description: ok } }\n";
    let docs = |client: String| client.replace("\n//! ", " ");
    std::fs::write(&spec, tagged).unwrap();
    run(&options(std::slice::from_ref(&spec), &out, None)).unwrap();
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("default = [\"all-tags\"]\n"), "{manifest}");
    assert!(manifest.contains("all-tags = [\"notes\"]\nall-groups = [\"all-tags\"]\n"), "{manifest}");
    let client = docs(std::fs::read_to_string(out.join("src/client.rs")).unwrap());
    assert!(client.contains("grouped by tag (`client.notes()`)"), "{client}");

    std::fs::write(&spec, tagged.replace("      tags: [notes]\n", "")).unwrap();
    let outcome = run(&options(std::slice::from_ref(&spec), &out, None)).unwrap();
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("default = [\"all-groups\"]\n"), "{manifest}");
    assert!(manifest.contains("all-groups = [\"notes\"]\nall-tags = [\"all-groups\"]\n"), "{manifest}");
    let client = docs(std::fs::read_to_string(out.join("src/client.rs")).unwrap());
    assert!(client.contains("grouped by the resource their paths name (`client.notes()`)"), "{client}");
    assert_eq!(outcome.report.changes.as_deref(), Some(&[][..]), "nothing a caller names went");
}
