//! `textDocument/codeLens`: the draft's DCAF profile (`report::profile`, the same
//! profile `check` prints after its summary line) above the enacting formula ("The
//! Security Council,"), at the head of the draft where it stays in view whatever is
//! being edited; the findings on the balance of the mandate (DSR008, DSR015, DSR016)
//! sit on the first operative paragraph. Computed from the check of the current text,
//! so it moves towards "comprehensive" as the drafter types. Display only: the lenses
//! carry no command to run.

use tower_lsp_server::ls_types::{CodeLens, Command};

use crate::report::profile::DsrProfile;
use crate::span::Span;
use crate::Checked;

use super::super::convert::Positions;

/// Two lenses on the enacting formula (else the first operative paragraph): the
/// profile, and the verdict with what keeps the mandate from being comprehensive.
/// None for a text that neither sets a mandate nor has a DSR task.
pub fn code_lenses(checked: &Checked, pos: &Positions) -> Vec<CodeLens> {
    let Some(profile) = DsrProfile::of(&checked.analysis) else {
        return Vec::new();
    };
    let doc = &checked.doc;
    let Some(at) = doc.council_line.or_else(|| {
        doc.operative_paragraphs()
            .next()
            .map(|(_, c)| Span::empty(c.span.start))
    }) else {
        return Vec::new();
    };
    let range = pos.range(at);
    let verdict = if profile.comprehensive {
        "✓ comprehensive (DCAF 2020 para. 11)".to_string()
    } else {
        format!("✗ {}", profile.verdict())
    };
    [profile.summary_line(), verdict]
        .into_iter()
        .map(|title| CodeLens {
            range,
            command: Some(Command {
                title,
                command: String::new(),
                arguments: None,
            }),
            data: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::features::test_support::{self, check};
    use crate::span::ColumnUnit;
    use crate::Engine;

    fn titles(engine: &Engine, text: &str) -> Vec<(u32, String)> {
        let checked = check(engine, text);
        let pos = Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16);
        code_lenses(&checked, &pos)
            .into_iter()
            .filter_map(|l| Some((l.range.start.line, l.command?.title)))
            .collect()
    }

    #[test]
    fn the_profile_sits_on_the_enacting_formula_and_follows_the_text() {
        let engine = Engine::embedded().unwrap_or_else(|e| panic!("rules: {e}"));
        let narrow = test_support::DRAFT;
        let lenses = titles(&engine, narrow);
        assert_eq!(lenses.len(), 2, "{lenses:?}");
        // Line 0: "The Security Council,".
        assert!(lenses.iter().all(|(line, _)| *line == 0), "{lenses:?}");
        assert!(lenses
            .first()
            .is_some_and(|(_, t)| t.starts_with("DCAF profile: ")));
        assert!(lenses
            .get(1)
            .is_some_and(|(_, t)| t.starts_with("✗ not comprehensive")));

        // A fragment without the enacting formula: on its first operative paragraph.
        let fragment = narrow
            .strip_prefix("The Security Council,\n\n")
            .unwrap_or_default();
        let lenses = titles(&engine, fragment);
        assert_eq!(lenses.len(), 2, "{lenses:?}");
        assert!(lenses.iter().all(|(line, _)| *line == 2), "{lenses:?}");

        // Nothing to profile in a text that sets no mandate and has no DSR task.
        assert!(titles(
            &engine,
            "The Security Council,\n\n1. Welcomes the report;\n"
        )
        .is_empty());
    }
}
