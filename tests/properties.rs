//! Property tests (issue 8): whatever a user feeds the pipeline, it does not panic,
//! every span it hands out is a valid UTF-8 slice of the input, clause references are
//! unique, and the analysis does not depend on line-end style or on PDF page
//! furniture. Drafts come from a grammar of realistic pieces (openers, verbs, labels,
//! DSR phrases, dashes, accents, curly quotes), wrapped the way PDF extraction wraps
//! them; arbitrary strings and mutated drafts cover the rest.
//!
//! Case counts are bounded so the suite stays fast in debug builds.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use mandate_lint::analyse::Rooted;
use mandate_lint::model::{Document, SourceFormat};
use mandate_lint::span::{ColumnUnit, LineCol, LineIndex, Span};
use mandate_lint::{CheckOptions, Checked, Engine};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::embedded() {
        Ok(engine) => engine,
        Err(e) => panic!("embedded rules must load: {e}"),
    })
}

fn check(text: &str, format: SourceFormat) -> Checked {
    engine().check(text.to_string(), format, &CheckOptions::default())
}

// ---------------------------------------------------------------------------
// The draft grammar
// ---------------------------------------------------------------------------

const PREAMBLE_OPENERS: &[&str] = &[
    "Recalling",
    "Reaffirming",
    "Noting with concern",
    "Welcoming",
    "Expressing deep concern at",
    "Stressing",
    "Recognizing",
    "Emphasizing",
    "Underlining",
];

const PREAMBLE_BODIES: &[&str] = &[
    "its previous resolutions on the situation in the Republic of Veloria",
    "the importance of national ownership of security sector reform",
    "the signing of the peace agreement in Côte d’Ivoire — a decisive step",
    "the report of the Secretary-General of 12 March 2031 (S/2031/145)",
    "that “the primary responsibility” to protect civilians rests with the Government",
    "its resolution 2151 (2014) on security sector reform",
    "the need for civilian oversight of the Velorian Armed Forces by the parliament",
    "the role of women in the reform of the defence sector, and the café dialogues",
    "the coordination of international support to defence sector reform",
];

const VERBS: &[&str] = &[
    "Decides",
    "Requests",
    "Calls upon",
    "Urges",
    "Encourages",
    "Authorizes",
    "Invites",
    "Demands",
];

const ADDRESSEES: &[&str] = &[
    "UNSMV",
    "the Secretary-General",
    "the Government of Veloria",
    "Member States",
    "the Mission",
    "the national authorities",
];

const OP_BODIES: &[&str] = &[
    "to support the reform of the Velorian Armed Forces (VAF)",
    "to provide technical advice to the Ministry of Defence on a national defence policy",
    "to train and mentor units of the national army in international humanitarian law",
    "to support civilian oversight of the defence sector by the parliament and civil society",
    "to coordinate international support to defence sector reform, in line with resolution 2553 (2020)",
    "to assist the integration of former combatants into the armed forces",
    "to support the development of a defence budget, payroll and procurement management",
    "to use its good offices to build consensus on a national vision for the defence sector",
    "to protect civilians under threat of physical violence — including in Kivu",
    "to report every 90 days on the implementation of this resolution, including on “benchmarks”",
    "to ensure the full, equal and meaningful participation of women in security sector reform",
    "to support the military justice system and accountability for violations by the FAV",
];

const SUB_BODIES: &[&str] = &[
    "to advise the Ministry of Defence on force structure and force planning",
    "to train units of the armed forces in human rights and child protection",
    "to support the parliament’s defence committee in its oversight role",
    "to map international assistance to the defence sector",
    "to support the national dialogue on the army’s role — with the media",
    "to provide logistics and infrastructure support to the Armed Forces",
    "to monitor the human rights situation in the country",
];

const LEAD_IN: &str = "including through the following tasks:";

const FURNITURE: &[&str] = &["S/RES/2999 (2031)", "31-01234 (E)", "*3101234*", "7", "12"];

#[derive(Clone, Debug)]
struct Sub {
    body: String,
    items: Vec<String>,
}

#[derive(Clone, Debug)]
struct Op {
    verb: String,
    addressee: String,
    body: String,
    subs: Vec<Sub>,
}

#[derive(Clone, Debug)]
struct Draft {
    masthead: bool,
    chapter_vii: bool,
    preamble: Vec<String>,
    ops: Vec<Op>,
    seized: bool,
}

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(list).prop_map(str::to_string)
}

fn sub_strategy() -> impl Strategy<Value = Sub> {
    (
        pick(SUB_BODIES),
        prop::collection::vec(pick(SUB_BODIES), 0..3),
    )
        .prop_map(|(body, items)| Sub { body, items })
}

fn op_strategy() -> impl Strategy<Value = Op> {
    (
        pick(VERBS),
        pick(ADDRESSEES),
        pick(OP_BODIES),
        // At most five sub-paragraphs: "(i)" as a letter would be ambiguous with the
        // roman numeral, which is the parser's business, not this property's.
        prop::collection::vec(sub_strategy(), 0..5),
    )
        .prop_map(|(verb, addressee, body, subs)| Op {
            verb,
            addressee,
            body,
            subs,
        })
}

fn draft_strategy() -> impl Strategy<Value = Draft> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(
            (pick(PREAMBLE_OPENERS), pick(PREAMBLE_BODIES)).prop_map(|(o, b)| format!("{o} {b}")),
            0..5,
        ),
        prop::collection::vec(op_strategy(), 1..8),
        any::<bool>(),
    )
        .prop_map(|(masthead, chapter_vii, preamble, ops, seized)| Draft {
            masthead,
            chapter_vii,
            preamble,
            ops,
            seized,
        })
}

/// A paragraph as one logical line, before wrapping.
struct Logical {
    text: String,
    /// Blank line before it (paragraph separation as in extracted text).
    blank_before: bool,
}

impl Draft {
    /// Logical lines and the index of the first line after the enacting formula
    /// (furniture is only inserted from there on: a running header above the
    /// masthead would legitimately read as the symbol).
    fn logical(&self) -> (Vec<Logical>, usize) {
        let mut out = Vec::new();
        let line = |text: String, blank_before: bool| Logical { text, blank_before };
        if self.masthead {
            out.push(line("United Nations S/2031/117".into(), false));
            out.push(line("Security Council Distr.: General".into(), true));
            out.push(line("Draft resolution".into(), true));
        }
        out.push(line("The Security Council,".into(), true));
        let body_from = out.len();
        for p in &self.preamble {
            out.push(line(format!("{p},"), true));
        }
        if self.chapter_vii {
            out.push(line(
                "Acting under Chapter VII of the Charter of the United Nations,".into(),
                true,
            ));
        }
        let total = self.ops.len() + usize::from(self.seized);
        for (i, op) in self.ops.iter().enumerate() {
            let last = i + 1 == total;
            let end = if last { "." } else { ";" };
            if op.subs.is_empty() {
                out.push(line(
                    format!("{}. {} {} {}{end}", i + 1, op.verb, op.addressee, op.body),
                    true,
                ));
                continue;
            }
            out.push(line(
                format!(
                    "{}. {} {} {}, {LEAD_IN}",
                    i + 1,
                    op.verb,
                    op.addressee,
                    op.body
                ),
                true,
            ));
            for (j, sub) in op.subs.iter().enumerate() {
                let letter = char::from(b'a' + j as u8);
                let sub_last = j + 1 == op.subs.len();
                if sub.items.is_empty() {
                    let e = if sub_last { end } else { ";" };
                    out.push(line(format!("({letter}) {}{e}", sub.body), true));
                    continue;
                }
                out.push(line(format!("({letter}) {}, as follows:", sub.body), true));
                for (k, item) in sub.items.iter().enumerate() {
                    let roman = ["i", "ii", "iii", "iv"].get(k).copied().unwrap_or("v");
                    let e = if sub_last && k + 1 == sub.items.len() {
                        end
                    } else {
                        ";"
                    };
                    out.push(line(format!("({roman}) {item}{e}"), true));
                }
            }
        }
        if self.seized {
            out.push(line(
                format!(
                    "{}. Decides to remain actively seized of the matter.",
                    self.ops.len() + 1
                ),
                true,
            ));
        }
        (out, body_from)
    }

    fn top_level_ops(&self) -> usize {
        self.ops.len() + usize::from(self.seized)
    }
}

/// A token a wrapped continuation line must not start with, or it could read as a
/// label or a dash item: that is a different draft, not the same one re-wrapped.
fn label_like(word: &str) -> bool {
    word.starts_with(|c: char| c == '(' || c.is_ascii_digit() || "-–—•*".contains(c))
}

/// Greedy word wrap at `width` bytes, as PDF extraction breaks lines.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        if !cur.is_empty() && cur.len() + 1 + word.len() > width && !label_like(word) {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// How to lay a draft out as text.
#[derive(Clone, Debug)]
struct Layout {
    width: usize,
    /// Line-break positions (as fractions of the eligible breaks) after which a block
    /// of page furniture is inserted; empty for none.
    furniture_at: Vec<(u16, Vec<usize>)>,
}

fn render(draft: &Draft, width: usize, eol: &str, furniture: &[(u16, Vec<usize>)]) -> String {
    let (logical, body_from) = draft.logical();
    let mut physical: Vec<String> = Vec::new();
    let mut first_body_line = 0;
    for (i, l) in logical.iter().enumerate() {
        if i == body_from {
            first_body_line = physical.len();
        }
        if l.blank_before && !physical.is_empty() {
            physical.push(String::new());
        }
        physical.extend(wrap(&l.text, width));
    }
    // Furniture goes between two lines (never first): inside a paragraph it splits
    // the paragraph, as a PDF page break does.
    let eligible = physical.len().saturating_sub(first_body_line + 1);
    let mut inserts: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    if eligible > 0 {
        for (at, pieces) in furniture {
            let after = first_body_line + 1 + (*at as usize) % eligible;
            let block = inserts.entry(after).or_default();
            for p in pieces {
                if let Some(f) = FURNITURE.get(*p % FURNITURE.len()) {
                    block.push(f);
                }
            }
        }
    }
    let mut out = String::new();
    for (i, line) in physical.iter().enumerate() {
        if let Some(block) = inserts.get(&i) {
            for f in block {
                out.push_str(f);
                out.push_str(eol);
            }
        }
        out.push_str(line);
        out.push_str(eol);
    }
    out
}

fn layout_strategy() -> impl Strategy<Value = Layout> {
    (
        30usize..140,
        prop::collection::vec(
            (
                any::<u16>(),
                prop::collection::vec(0usize..FURNITURE.len(), 1..4),
            ),
            1..4,
        ),
    )
        .prop_map(|(width, furniture_at)| Layout {
            width,
            furniture_at,
        })
}

// ---------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------

fn valid_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside text of {} bytes",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on UTF-8 boundaries"
    );
    Ok(())
}

/// Every span the pipeline hands out lies inside the text on char boundaries, and
/// normalised text maps back onto the same characters.
fn spans_are_valid(checked: &Checked) -> Result<(), TestCaseError> {
    let doc = &checked.doc;
    let text = doc.text.as_str();
    for c in &doc.clauses {
        let r = &c.reference;
        valid_span(text, c.span, &format!("clause {r} span"))?;
        valid_span(text, c.body, &format!("clause {r} body"))?;
        prop_assert!(c.span.covers(c.body), "clause {r}: body outside span");
        if let Some(l) = &c.label {
            valid_span(text, l.span, &format!("clause {r} label"))?;
        }
        let norm = &c.norm;
        for (i, ch) in norm.text.char_indices() {
            let o = norm.to_original(i);
            prop_assert!(
                text.is_char_boundary(o),
                "clause {r}: norm offset {i} maps to {o}, not a char boundary"
            );
            if !ch.is_whitespace() {
                let orig = text.get(o..).and_then(|s| s.chars().next());
                prop_assert_eq!(
                    orig,
                    Some(ch),
                    "clause {}: norm char {:?} at {} maps to {:?}",
                    r,
                    ch,
                    i,
                    orig
                );
            }
        }
        let whole = norm.span_to_original(Span::new(0, norm.text.len()));
        valid_span(text, whole, &format!("clause {r} norm span"))?;
    }
    for (i, span) in doc.furniture.iter().enumerate() {
        valid_span(text, *span, &format!("furniture {i}"))?;
    }
    for f in &doc.footnotes {
        valid_span(text, f.span, "footnote")?;
    }
    for issue in &doc.issues {
        valid_span(text, issue.span, "parse issue")?;
    }
    for s in [doc.masthead.symbol_span, doc.council_line, doc.chapter_vii]
        .into_iter()
        .flatten()
    {
        valid_span(text, s, "masthead/council/chapter VII")?;
    }
    for (i, ca) in checked.analysis.clauses.iter().enumerate() {
        let doc = &checked.doc;
        if let Some(v) = &ca.verb {
            valid_span(text, v.place(doc, i), &format!("clause #{i} verb"))?;
        }
        for t in &ca.tasks {
            valid_span(text, t.place(doc, i), &format!("clause #{i} task"))?;
        }
        if let Some(span) = ca.addressee.as_ref().and_then(|a| a.place(doc, i)) {
            valid_span(text, span, &format!("clause #{i} addressee"))?;
        }
        // Hits are in the clause's normalised text, and map into the document.
        let Some(clause) = checked.doc.clauses.get(i) else {
            return Err(TestCaseError::fail(format!(
                "analysis clause #{i} has no clause"
            )));
        };
        for (lexicon, hits) in ca.hits.iter() {
            for h in hits {
                let what = format!("clause #{i} hit {lexicon}");
                valid_span(&clause.norm.text, h.span, &what)?;
                valid_span(text, clause.norm.span_to_original(h.span), &what)?;
            }
        }
    }
    for a in &checked.analysis.acronyms {
        valid_span(text, a.span, "acronym definition")?;
    }
    for d in &checked.diagnostics {
        valid_span(text, d.span, &format!("{} span", d.code))?;
        for rel in &d.related {
            valid_span(text, rel.span, &format!("{} related", d.code))?;
        }
        if let Some(s) = &d.suggestion {
            valid_span(text, s.span, &format!("{} suggestion", d.code))?;
        }
    }
    Ok(())
}

fn refs_are_unique(doc: &Document) -> Result<(), TestCaseError> {
    let mut seen = BTreeSet::new();
    for c in &doc.clauses {
        prop_assert!(
            seen.insert(c.reference.as_str()),
            "clause reference {:?} appears twice",
            c.reference
        );
    }
    Ok(())
}

fn tree_is_consistent(doc: &Document) -> Result<(), TestCaseError> {
    for (i, c) in doc.clauses.iter().enumerate() {
        if let Some(p) = c.parent {
            let parent = doc.clauses.get(p);
            prop_assert!(parent.is_some(), "clause {i}: parent {p} out of range");
            prop_assert!(
                parent.is_some_and(|pc| pc.children.contains(&i)),
                "clause {i} not a child of {p}"
            );
        }
        for &child in &c.children {
            let parent_of_child = doc.clauses.get(child).map(|cc| cc.parent);
            prop_assert_eq!(
                parent_of_child,
                Some(Some(i)),
                "clause {}: child {}",
                i,
                child
            );
        }
    }
    Ok(())
}

fn all_invariants(checked: &Checked) -> Result<(), TestCaseError> {
    prop_assert_eq!(checked.analysis.clauses.len(), checked.doc.clauses.len());
    spans_are_valid(checked)?;
    refs_are_unique(&checked.doc)?;
    tree_is_consistent(&checked.doc)
}

/// What a line-end or furniture change must not alter: the clause references and,
/// per clause, the DSR analysis, and the DSR findings by code and clause.
#[derive(Debug, PartialEq, Eq)]
struct Findings {
    refs: Vec<String>,
    dsr_clauses: Vec<(String, String)>,
    dsr_diagnostics: Vec<(String, Option<String>)>,
}

fn findings(checked: &Checked) -> Findings {
    let refs = checked
        .doc
        .clauses
        .iter()
        .map(|c| c.reference.to_string())
        .collect();
    let dsr_clauses = checked
        .doc
        .clauses
        .iter()
        .zip(&checked.analysis.clauses)
        .filter(|(_, a)| a.dsr_task || a.ssr)
        .map(|(c, a)| {
            let summary = format!(
                "dsr={} ssr={} cat={:?} eng={:?} lvl={:?} act={:?}",
                a.dsr_task, a.ssr, a.categories, a.engagement, a.levels, a.actors
            );
            (c.reference.to_string(), summary)
        })
        .collect();
    let mut dsr_diagnostics: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("DSR"))
        .map(|d| {
            (
                d.code.to_string(),
                d.clause_ref.as_ref().map(|r| r.to_string()),
            )
        })
        .collect();
    dsr_diagnostics.sort();
    Findings {
        refs,
        dsr_clauses,
        dsr_diagnostics,
    }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Arbitrary text biased towards what drafts contain: labels, punctuation, line
/// breaks of every style, multi-byte characters and furniture.
fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Z ]{1,12}",
        1 => Just("\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("\n\n".to_string()),
        1 => "[0-9]{1,3}\\. ",
        1 => "\\([a-z]{1,3}\\) ",
        1 => "\\([ivx]{1,4}\\) ",
        1 => pick(&["—", "–", "é", "“", "”", "’", "\u{00AD}", "𝄞", "\t", "\u{000c}", "- "]),
        1 => pick(VERBS),
        1 => pick(FURNITURE),
        1 => pick(OP_BODIES),
        1 => pick(&["The Security Council,", "S/RES/2151 (2014)", "<!--", "-->", "# ", "Annex", ";", ",", ":", "."]),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// A generated draft with a few random edits (insertions of arbitrary characters and
/// deletions of byte ranges, snapped to char boundaries): a half-written draft.
fn mutated_draft() -> impl Strategy<Value = String> {
    (
        draft_strategy(),
        30usize..140,
        prop::collection::vec((any::<u16>(), any::<u16>(), "\\PC{0,6}"), 0..6),
    )
        .prop_map(|(draft, width, edits)| {
            let mut text = render(&draft, width, "\n", &[]);
            for (at, del, ins) in edits {
                if text.is_empty() {
                    text.push_str(&ins);
                    continue;
                }
                let mut start = at as usize % text.len();
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + del as usize % 8).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, &ins);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_text_never_panics_and_spans_are_valid(text in messy_text()) {
        for format in [SourceFormat::Text, SourceFormat::Markdown] {
            let checked = check(&text, format);
            prop_assert_eq!(&checked.doc.text, &text);
            all_invariants(&checked)?;
        }
    }

    #[test]
    fn mutated_drafts_never_panic_and_spans_are_valid(text in mutated_draft()) {
        all_invariants(&check(&text, SourceFormat::Text))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_drafts_parse_as_written(draft in draft_strategy(), layout in layout_strategy()) {
        let text = render(&draft, layout.width, "\n", &[]);
        let checked = check(&text, SourceFormat::Text);
        all_invariants(&checked)?;
        let top: Vec<&str> = checked
            .doc
            .operative_paragraphs()
            .map(|(_, c)| c.reference.as_str())
            .collect();
        let expected: Vec<String> = (1..=draft.top_level_ops()).map(|n| n.to_string()).collect();
        prop_assert_eq!(top, expected.iter().map(String::as_str).collect::<Vec<_>>(), "text:\n{}", text);
        // "Acting under Chapter VII…" closes the preamble: counted as a preambular
        // paragraph or kept apart as `Document::chapter_vii`, either is fine.
        let pp = checked.doc.preambular().count();
        let allowed = [draft.preamble.len(), draft.preamble.len() + usize::from(draft.chapter_vii)];
        prop_assert!(allowed.contains(&pp), "{} preambular paragraphs, expected {:?}; text:\n{}", pp, allowed, text);
        prop_assert_eq!(checked.doc.chapter_vii.is_some(), draft.chapter_vii);
    }

    #[test]
    fn crlf_and_lone_cr_give_the_same_findings(draft in draft_strategy(), layout in layout_strategy()) {
        let lf = check(&render(&draft, layout.width, "\n", &[]), SourceFormat::Text);
        let crlf_text = render(&draft, layout.width, "\r\n", &[]);
        let crlf = check(&crlf_text, SourceFormat::Text);
        all_invariants(&crlf)?;
        prop_assert_eq!(findings(&lf), findings(&crlf), "CRLF text:\n{:?}", crlf_text);
        let cr = check(&render(&draft, layout.width, "\r", &[]), SourceFormat::Text);
        all_invariants(&cr)?;
        prop_assert_eq!(findings(&lf), findings(&cr));
    }

    #[test]
    fn page_furniture_does_not_change_findings(draft in draft_strategy(), layout in layout_strategy()) {
        let clean = check(&render(&draft, layout.width, "\n", &[]), SourceFormat::Text);
        let messy_text = render(&draft, layout.width, "\n", &layout.furniture_at);
        let messy = check(&messy_text, SourceFormat::Text);
        all_invariants(&messy)?;
        prop_assert!(!messy.doc.furniture.is_empty() || layout.furniture_at.is_empty() || clean.doc.text.lines().count() < 3);
        prop_assert_eq!(findings(&clean), findings(&messy), "text with furniture:\n{}", messy_text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Byte offset → (line, column) → byte offset is the identity for every char
    /// boundary, in every column unit, except strictly inside a `\r\n` pair (no
    /// editor position names it).
    #[test]
    fn line_index_round_trips(text in messy_text()) {
        let idx = LineIndex::new(&text);
        let bytes = text.as_bytes();
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let inside_crlf = offset > 0
                && bytes.get(offset - 1) == Some(&b'\r')
                && bytes.get(offset) == Some(&b'\n');
            if inside_crlf {
                continue;
            }
            for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
                let pos = idx.position(&text, offset, unit);
                prop_assert_eq!(idx.offset(&text, pos, unit), offset, "offset {} unit {:?} pos {:?}", offset, unit, pos);
            }
        }
    }

    /// Any position a client can send maps to a char boundary inside the text, and
    /// back to a position no later than the one sent.
    #[test]
    fn any_client_position_maps_to_a_boundary(text in messy_text(), line in 0u32..80, col in 0u32..200) {
        let idx = LineIndex::new(&text);
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
            let offset = idx.offset(&text, LineCol { line, col }, unit);
            prop_assert!(offset <= text.len());
            prop_assert!(text.is_char_boundary(offset), "offset {} not a boundary", offset);
            let back = idx.position(&text, offset, unit);
            prop_assert!(back <= LineCol { line, col }, "{:?} maps back to later {:?}", LineCol { line, col }, back);
        }
    }

    /// UTF-16 columns agree with an independent count over the line's characters.
    #[test]
    fn utf16_columns_match_an_independent_count(text in messy_text()) {
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices() {
            let pos = idx.position(&text, offset, ColumnUnit::Utf16);
            let line_start = idx.line_start(pos.line as usize).unwrap_or(0);
            let expected: usize = text.get(line_start..offset).unwrap_or("").encode_utf16().count();
            prop_assert_eq!(pos.col as usize, expected);
        }
    }
}

/// An independent implementation of `LineIndex::offset`'s contract, walking the text
/// character by character: columns past the line end clamp to the line end, lines
/// past the end clamp to the text end, a column inside a character (a surrogate pair
/// in UTF-16) moves to its start. `fuzz/src/lib.rs` holds the same one.
fn reference_offset(text: &str, target: LineCol, unit: ColumnUnit) -> usize {
    let (want_line, want_col) = (target.line as usize, target.col as usize);
    let mut line = 0usize;
    let mut col = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch == '\n' || ch == '\r' {
            if line == want_line {
                return i;
            }
            if ch == '\r' && chars.peek().map(|&(_, c)| c) == Some('\n') {
                chars.next();
            }
            line += 1;
            col = 0;
            continue;
        }
        if line == want_line {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if col + width > want_col {
                return i;
            }
            col += width;
        }
    }
    text.len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn line_index_offset_matches_an_independent_implementation(
        text in messy_text(),
        line in 0u32..40,
        col in 0u32..120,
    ) {
        let idx = LineIndex::new(&text);
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
            let pos = LineCol { line, col };
            prop_assert_eq!(idx.offset(&text, pos, unit), reference_offset(&text, pos, unit), "{:?} {:?}", pos, unit);
        }
    }
}
