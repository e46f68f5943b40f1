//! The survey as Markdown: one row per spec, sorted by name, then the warnings' kinds and a
//! summary line. Deterministic: no timings, nothing of the machine.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Outcome, Row};

/// The columns of the table, in order (`clippy` only with `--compile`).
pub const COLUMNS: &[&str] = &[
    "spec",
    "OpenAPI",
    "ops",
    "groups",
    "largest group",
    "types",
    "warnings",
    "ids: written / tool's",
    "id kept",
    "stutter",
    "path-made",
    "numbered",
    "untagged unions (told apart)",
];

/// The surveyed rows, sorted.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Row>,
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{:.1}%", 100.0 * part as f64 / whole as f64)
}

impl Table {
    pub fn new(mut rows: Vec<Row>) -> Table {
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        Table { rows }
    }

    pub fn figures(&self) -> impl Iterator<Item = (&Row, &super::Figures)> {
        self.rows.iter().filter_map(|r| match &r.outcome {
            Outcome::Generated(f) => Some((r, f.as_ref())),
            _ => None,
        })
    }

    /// Every kind of warning met, numbered in name order (`W1`...).
    fn kinds(&self) -> BTreeMap<&str, (usize, usize)> {
        let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (_, figures) in self.figures() {
            for (kind, count) in &figures.warnings {
                let entry = kinds.entry(kind.as_str()).or_default();
                entry.1 += count;
            }
        }
        for (i, value) in kinds.values_mut().enumerate() {
            value.0 = i + 1;
        }
        kinds
    }

    /// The cells of each row, by column (`COLUMNS`, then `clippy` when any row was compiled).
    pub fn cells(&self) -> Vec<Vec<String>> {
        let kinds = self.kinds();
        let compiled = self.rows.iter().any(|r| r.clippy.is_some());
        self.rows
            .iter()
            .map(|row| {
                let mut cells = vec![row.name.clone(), row.version.clone().unwrap_or_else(|| "-".into())];
                match &row.outcome {
                    Outcome::Generated(f) => {
                        let warnings: Vec<String> = f
                            .warnings
                            .iter()
                            .map(|(kind, n)| format!("W{}×{n}", kinds.get(kind.as_str()).map_or(0, |k| k.0)))
                            .collect();
                        let total: usize = f.warnings.values().sum();
                        let warnings =
                            if total == 0 { "0".to_string() } else { format!("{total} ({})", warnings.join(" ")) };
                        cells.extend([
                            f.operations.to_string(),
                            f.groups.to_string(),
                            format!("{} ({})", f.largest_group, percent(f.largest_group, f.operations)),
                            f.types.to_string(),
                            warnings,
                            format!("{} / {}", f.written_ids, f.echo_ids),
                            format!("{} ({})", f.id_kept, percent(f.id_kept, f.written_ids)),
                            f.stutter.to_string(),
                            f.path_made.to_string(),
                            format!("{} ({})", f.numbered, percent(f.numbered, f.types)),
                            format!("{} ({})", f.untagged, f.distinct),
                        ]);
                    }
                    Outcome::Failed(why) => {
                        let first = why.lines().next().unwrap_or_default().replace('|', "\\|");
                        cells.push(format!("**failed**: {first}"));
                        cells.extend(std::iter::repeat_n(String::new(), COLUMNS.len() - 3));
                    }
                }
                if compiled {
                    cells.push(match &row.clippy {
                        None => "-".into(),
                        Some(Ok(())) => "pass".into(),
                        Some(Err(_)) => "**fail**".into(),
                    });
                }
                cells
            })
            .collect()
    }

    /// The totals over every spec that generated.
    pub fn summary(&self) -> String {
        let (mut ops, mut written, mut kept, mut stutter, mut path_made, mut numbered, mut types) =
            (0, 0, 0, 0, 0, 0, 0);
        for (_, f) in self.figures() {
            ops += f.operations;
            written += f.written_ids;
            kept += f.id_kept;
            stutter += f.stutter;
            path_made += f.path_made;
            numbered += f.numbered;
            types += f.types;
        }
        let generated = self.figures().count();
        let failed = self.rows.len() - generated;
        let mut line = format!(
            "{} specs: {generated} generated, {failed} failed; {ops} operations; \
             id kept {kept} of {written} ({}); stutter {stutter}; path-made {path_made}; numbered {numbered} ({} of {types} types)",
            self.rows.len(),
            percent(kept, written),
            percent(numbered, types),
        );
        let compiled: Vec<bool> = self.rows.iter().filter_map(|r| r.clippy.as_ref().map(Result::is_ok)).collect();
        if !compiled.is_empty() {
            let _ =
                write!(line, "; clippy passes on {} of {}", compiled.iter().filter(|ok| **ok).count(), compiled.len());
        }
        line
    }
}

/// The table, the legend of warning kinds and the summary line, as Markdown.
pub fn markdown(table: &Table) -> String {
    let mut out = String::new();
    let compiled = table.rows.iter().any(|r| r.clippy.is_some());
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if compiled {
        header.push("clippy");
    }
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", header.iter().map(|_| "---|").collect::<String>());
    for cells in table.cells() {
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let kinds = table.kinds();
    if !kinds.is_empty() {
        let _ = writeln!(out, "\nWarnings by kind:\n");
        for (kind, (code, total)) in &kinds {
            let _ = writeln!(out, "- W{code} ({total}): {kind}");
        }
    }
    let _ = writeln!(out, "\n{}", table.summary());
    out
}

/// What `--explain` prints: the names behind each figure that is not right, at most `limit` a
/// figure per spec.
pub fn explain(table: &Table, limit: usize) -> String {
    let mut out = String::new();
    for (row, figures) in table.figures() {
        let mut by_figure: BTreeMap<&str, Vec<(&String, &String)>> = BTreeMap::new();
        for (figure, name, why) in &figures.offenders {
            by_figure.entry(figure).or_default().push((name, why));
        }
        for (figure, names) in by_figure {
            let _ = writeln!(out, "{} — {figure} ({}):", row.name, names.len());
            for (name, why) in names.iter().take(limit) {
                let _ = writeln!(out, "    {name}  {why}");
            }
        }
        if let Some(Err(errors)) = &row.clippy {
            let _ = writeln!(out, "{} — clippy:\n{errors}", row.name);
        }
    }
    out
}
