//! The survey (`cargo xtask survey`) over the real public specs of `../shared/corpus/openapi/survey/`:
//! the gate on the name figures (docs/design.md, "Name figures"), and the table committed in
//! `docs/survey.md`, which must be what the generator gives today: a rule change that makes a
//! figure worse fails here, and one that makes it better updates the table in the same commit.

use xtask::survey::{self, Outcome, Table};

/// What five small specs' crates are checked with (`--compile`): clippy `-D warnings`.
const COMPILED: &[&str] =
    &["callback-example.yaml", "commonroom.json", "link-example.yaml", "petstore-expanded.yaml", "remote.json"];

/// A table's rows as cells, without the `clippy` column (compiled in CI for a few specs only).
fn rows(markdown: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| ")).collect();
    let header: Vec<&str> = lines.first().map(|l| l.split(" | ").collect()).unwrap_or_default();
    let clippy = header.iter().position(|c| c.trim_matches(['|', ' ']) == "clippy");
    lines
        .iter()
        .map(|line| {
            let mut cells: Vec<String> = line.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect();
            if let Some(at) = clippy.filter(|&at| at < cells.len()) {
                cells.remove(at);
            }
            cells
        })
        .collect()
}

fn number(cell: &str) -> f64 {
    cell.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(f64::NAN)
}

#[test]
fn the_survey_corpus_keeps_its_names() {
    let Some(corpus) = tests::shared("corpus/openapi/survey") else { return };
    let specs = survey::specs(&[corpus]).unwrap();
    assert!(specs.len() >= 19, "{specs:?}");
    let options = survey::Options {
        target_dir: tests::root().join("target/corpus-check"),
        lock: Some(tests::root().join("Cargo.lock")),
    };
    let mut rows_out = Vec::new();
    let mut compiled = Vec::new();
    for (name, spec) in &specs {
        let (row, api) = survey::survey(name, spec);
        if let (true, Some(api)) = (COMPILED.contains(&name.as_str()), &api) {
            let mut checked = row.clone();
            survey::compile(&mut checked, api, &options);
            compiled.push(checked);
        }
        rows_out.push(row);
    }
    let table = Table::new(rows_out);

    // Every spec generates, Swagger 2.0 and OpenAPI 3.x alike.
    for row in &table.rows {
        if let Outcome::Failed(why) = &row.outcome {
            panic!("{} does not generate: {why}", row.name);
        }
    }
    // The gate.
    let (mut written, mut kept, mut types, mut numbered) = (0, 0, 0, 0);
    for (row, f) in table.figures() {
        assert_eq!(f.stutter, 0, "{}: methods repeat their group", row.name);
        assert_eq!(f.path_made, 0, "{}: methods named from paths where a person wrote an id", row.name);
        written += f.written_ids;
        kept += f.id_kept;
        types += f.types;
        numbered += f.numbered;
    }
    assert!(kept as f64 >= 0.98 * written as f64, "id kept {kept} of {written}");
    assert!(numbered as f64 <= 0.005 * types as f64, "numbered {numbered} of {types} types");
    assert!(compiled.len() >= 5, "{compiled:?}");
    for row in &compiled {
        assert_eq!(row.clippy, Some(Ok(())), "{}: the crate does not pass clippy -D warnings", row.name);
    }

    // The committed table is today's.
    let now = survey::markdown(&table);
    let committed = std::fs::read_to_string(tests::root().join("docs/survey.md")).unwrap();
    let block = survey::block(&committed).expect("docs/survey.md holds a table between `<!-- survey -->` markers");
    let (then, today) = (rows(block), rows(&now));
    let header = today.first().cloned().unwrap_or_default();
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    let mut worse = Vec::new();
    for row in today.iter().skip(1) {
        let Some(before) = then.iter().find(|r| r.first() == row.first()) else { continue };
        // Fewer ids read as a person's would lift "id kept" while naming fewer methods by their ids.
        let figures = [
            ("ids: written / tool's", true),
            ("id kept", true),
            ("stutter", false),
            ("path-made", false),
            ("numbered", false),
        ];
        for (figure, higher_is_better) in figures {
            let at = column(figure);
            let (a, b) = (number(&before[at]), number(&row[at]));
            if (higher_is_better && b < a) || (!higher_is_better && b > a) {
                worse.push(format!("{}: {figure} {} → {}", row[0], before[at], row[at]));
            }
        }
    }
    assert!(worse.is_empty(), "names got worse on real specs:\n{}", worse.join("\n"));
    assert!(
        then == today,
        "docs/survey.md is not today's survey; refresh it with\n  cargo xtask survey ../shared/corpus/openapi/survey --compile --write docs/survey.md\ntoday's table:\n{now}"
    );
}
