//! Every worked example in `docs/coding-guide.md` is checked against the real resolution
//! it quotes: the guide cannot say one thing while the analysis does another.
//!
//! An example is a fenced block with the info string `coding-example`, in TOML:
//!
//! ```text
//! resolution = 2098          # S/RES/2098, read from ../shared/corpus/unsc
//! ref = "15(c)"              # the clause
//! quote = "reform of the army"  # a phrase inside the task phrase (or the clause, for "none")
//! scope = "explicit"         # explicit | implicit | none (no task covers the quote)
//! categories = ["force-structure"]   # each must be coded (a subset, not the whole set)
//! not_categories = ["cross-cutting"] # none of these may be coded
//! ```
//!
//! The same pairs exist for `engagement`, `levels`, `actors`, and `modality` / `un_role`
//! (exact values).

mod support;

use mandate_lint::analyse::{Rooted, Task};
use mandate_lint::model::SourceFormat;
use mandate_lint::Engine;
use serde::Deserialize;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Example {
    resolution: u32,
    #[serde(rename = "ref")]
    reference: String,
    quote: String,
    scope: String,
    #[serde(default)]
    modality: Option<String>,
    #[serde(default)]
    un_role: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    not_categories: Vec<String>,
    #[serde(default)]
    engagement: Vec<String>,
    #[serde(default)]
    not_engagement: Vec<String>,
    #[serde(default)]
    levels: Vec<String>,
    #[serde(default)]
    not_levels: Vec<String>,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    not_actors: Vec<String>,
}

fn examples(guide: &str) -> Vec<(usize, Example)> {
    let mut out = Vec::new();
    let mut block: Option<(usize, String)> = None;
    for (n, line) in guide.lines().enumerate() {
        match (&mut block, line.trim()) {
            (None, "```coding-example") => block = Some((n + 1, String::new())),
            (Some((start, body)), "```") => {
                let parsed: Example = toml::from_str(body)
                    .unwrap_or_else(|e| panic!("coding-guide.md line {start}: {e}"));
                out.push((*start, parsed));
                block = None;
            }
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(
        block.is_none(),
        "coding-guide.md: an example block is never closed"
    );
    out
}

fn slugs<T: mandate_lint::analyse::Code>(
    set: &mandate_lint::analyse::CodeSet<T>,
    slug: fn(T) -> &'static str,
) -> Vec<&'static str> {
    set.iter().map(|&v| slug(v)).collect()
}

/// One coding dimension: its name, the task's codes, the codes the guide requires and
/// those it excludes.
type Dimension<'a> = (&'a str, Vec<&'static str>, &'a Vec<String>, &'a Vec<String>);

/// What is wrong with `task` against `ex`, if anything.
fn disagreements(ex: &Example, task: &Task) -> Vec<String> {
    let mut wrong = Vec::new();
    let scope = match task.scope {
        mandate_lint::analyse::DsrScope::Explicit => "explicit",
        mandate_lint::analyse::DsrScope::Implicit => "implicit",
    };
    if scope != ex.scope {
        wrong.push(format!("scope {scope}, guide says {}", ex.scope));
    }
    let json = serde_json::to_value(task).unwrap_or_default();
    for (field, want) in [("modality", &ex.modality), ("un_role", &ex.un_role)] {
        if let Some(want) = want {
            let got = json[field].as_str().unwrap_or_default();
            if got != want {
                wrong.push(format!("{field} {got}, guide says {want}"));
            }
        }
    }
    let dims: [Dimension<'_>; 4] = [
        (
            "categories",
            slugs(&task.categories, |c| c.slug()),
            &ex.categories,
            &ex.not_categories,
        ),
        (
            "engagement",
            slugs(&task.engagement, |e| e.slug()),
            &ex.engagement,
            &ex.not_engagement,
        ),
        (
            "levels",
            slugs(&task.levels, |l| l.slug()),
            &ex.levels,
            &ex.not_levels,
        ),
        (
            "actors",
            slugs(&task.actors, |a| a.slug()),
            &ex.actors,
            &ex.not_actors,
        ),
    ];
    for (name, got, want, not) in dims {
        for w in want {
            if !got.contains(&w.as_str()) {
                wrong.push(format!("{name} lacks {w} (coded {got:?})"));
            }
        }
        for n in not {
            if got.contains(&n.as_str()) {
                wrong.push(format!(
                    "{name} has {n}, which the guide excludes (coded {got:?})"
                ));
            }
        }
    }
    wrong
}

#[test]
fn every_guide_example_holds_on_the_corpus() {
    let guide_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/coding-guide.md");
    let guide = std::fs::read_to_string(&guide_path)
        .unwrap_or_else(|e| panic!("{}: {e}", guide_path.display()));
    let all = examples(&guide);
    assert!(
        all.len() >= 30,
        "the guide has {} worked examples; it needs them",
        all.len()
    );
    let Some(unsc) = support::shared_data::shared("corpus/unsc", "the coding guide examples")
    else {
        return;
    };
    let engine = Engine::embedded().unwrap_or_else(|e| panic!("embedded rules: {e}"));
    let mut failures = Vec::new();
    let mut cache: std::collections::BTreeMap<u32, mandate_lint::Checked> = Default::default();
    for (line, ex) in &all {
        let checked = cache.entry(ex.resolution).or_insert_with(|| {
            let path = support::text_file(&unsc, &format!("S/RES/{}", ex.resolution))
                .unwrap_or_else(|| {
                    panic!("line {line}: S/RES/{} is not in the corpus", ex.resolution)
                });
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            engine.check(text, SourceFormat::Text, &Default::default())
        });
        let doc = &checked.doc;
        let Some((index, _)) = doc
            .clauses
            .iter()
            .enumerate()
            .find(|(_, c)| c.reference == ex.reference)
        else {
            failures.push(format!(
                "line {line}: S/RES/{} has no clause {}",
                ex.resolution, ex.reference
            ));
            continue;
        };
        let clause_text = doc
            .clauses
            .get(index)
            .map(|c| c.span.slice(&doc.text))
            .unwrap_or_default();
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        if !norm(clause_text).contains(&norm(&ex.quote)) {
            failures.push(format!(
                "line {line}: S/RES/{} {} does not contain {:?}",
                ex.resolution, ex.reference, ex.quote
            ));
            continue;
        }
        let tasks = checked
            .analysis
            .clauses
            .get(index)
            .map(|c| c.tasks.as_slice())
            .unwrap_or_default();
        let text_of = |t: &Task| t.place(doc, index).slice(&doc.text);
        let task = tasks
            .iter()
            .find(|t| norm(text_of(t)).contains(&norm(&ex.quote)));
        match (task, ex.scope.as_str()) {
            (None, "none") => {}
            (Some(t), "none") => failures.push(format!(
                "line {line}: S/RES/{} {}: the guide says no DSR task, the analysis finds one: {:?}",
                ex.resolution,
                ex.reference,
                text_of(t)
            )),
            (None, _) => failures.push(format!(
                "line {line}: S/RES/{} {}: no DSR task covers {:?} (tasks: {:?})",
                ex.resolution,
                ex.reference,
                ex.quote,
                tasks.iter().map(|t| norm(text_of(t))).collect::<Vec<_>>()
            )),
            (Some(t), _) => {
                for w in disagreements(ex, t) {
                    failures.push(format!("line {line}: S/RES/{} {}: {w}", ex.resolution, ex.reference));
                }
            }
        }
    }
    println!(
        "{} coding-guide examples checked against the corpus",
        all.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} examples disagree:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
