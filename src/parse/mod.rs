//! The parser: text → `Document`.
//!
//! Two passes. First every line is classified (blank, page furniture, footnote,
//! comment, Markdown heading, content) with the nom recognisers in `lines`. Then an
//! assembler walks the content lines, decides where paragraphs begin (labels,
//! punctuation, blank lines, opening words) and nests sub-paragraphs with a stack of
//! label kinds, so `(a)` → `(i)` → `a.` → `i.` and pillars such as `(i)` → `(a)` both
//! nest as written. Furniture lines are skipped by the analysis (they are not in
//! `Clause::norm`) but every span still points into the original text.
//!
//! The parser is total: any input yields a tree. What it cannot place becomes a
//! `ParseIssue`, reported as a structural diagnostic.

mod lines;
mod stated;

pub use lines::{letter_text, letter_value, roman_value, to_roman};

use lines::{LabelStyle, RawLabel};

use crate::input::{Outline, Source};
use crate::model::{
    Clause, Document, Footnote, Label, LabelKind, Masthead, NormText, ParseIssue, Part,
    SourceFormat,
};
use crate::span::{LineIndex, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Blank,
    Furniture,
    Footnote,
    /// `<!-- … -->` (suppression comments and other notes to drafters).
    Comment,
    /// A Markdown `#` heading; the payload is the byte length of the `#…` prefix.
    MdHeading(usize),
    Content,
}

#[derive(Clone, Copy, Debug)]
struct Line {
    kind: LineKind,
    /// Content without leading/trailing blank space and without the line terminator.
    content: Span,
}

/// Parses a draft or resolution. Never fails; see the module docs.
pub fn parse(text: String, format: SourceFormat) -> Document {
    parse_with_outline(text, format, None)
}

/// Parses what an input reader produced: with the clause structure the source states
/// when it states one (Akoma Ntoso), from the text otherwise.
pub fn parse_source(source: &Source) -> Document {
    parse_with_outline(source.text.clone(), source.format, source.outline.as_ref())
}

/// Parses `text`; when `outline` is given, the clauses are the outline's nodes and only
/// the masthead is read from the text.
pub fn parse_with_outline(
    text: String,
    format: SourceFormat,
    outline: Option<&Outline>,
) -> Document {
    let index = LineIndex::new(&text);
    let lines = classify(&text, &index, format);
    let mut doc = Document {
        text: String::new(),
        format,
        lines: index,
        masthead: Masthead::default(),
        council_line: None,
        chapter_vii: None,
        clauses: Vec::new(),
        furniture: Vec::new(),
        footnotes: Vec::new(),
        annex_start: None,
        issues: Vec::new(),
    };
    for line in &lines {
        match line.kind {
            LineKind::Furniture => doc.furniture.push(line.content),
            LineKind::Footnote => {
                let marker: String = line
                    .content
                    .slice(&text)
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                doc.footnotes.push(Footnote {
                    marker,
                    span: line.content,
                });
            }
            _ => {}
        }
    }
    let issues_before = doc.issues.len();
    let body_start = masthead(&text, &lines, &mut doc);
    match outline {
        Some(outline) => {
            if outline.formula.is_some() {
                // The markup names the enacting formula: no need to have found it.
                doc.issues.truncate(issues_before);
                doc.council_line = outline.formula;
            }
            stated::build(&text, outline, &mut doc);
        }
        None => {
            let mut asm = Assembler::new(&text, format, &lines, &mut doc);
            asm.run(body_start);
        }
    }
    finish(&text, &mut doc);
    doc.text = text;
    doc
}

fn classify(text: &str, index: &LineIndex, format: SourceFormat) -> Vec<Line> {
    let mut out = Vec::with_capacity(index.line_count());
    let mut in_comment = false;
    for i in 0..index.line_count() {
        let Some(raw) = index.line_span(text, i) else {
            continue;
        };
        let s = raw.slice(text);
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        let content = Span::new(raw.start + lead, raw.start + lead + trimmed.len());
        let kind = if in_comment {
            if trimmed.contains("-->") {
                in_comment = false;
            }
            LineKind::Comment
        } else if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            LineKind::Comment
        } else if trimmed.is_empty() || trimmed.chars().all(|c| c == '*' || c.is_whitespace()) {
            // A centred "*" separates the preamble from the operative part: layout.
            LineKind::Blank
        } else if lines::is_furniture(trimmed) {
            LineKind::Furniture
        } else if format == SourceFormat::Markdown && trimmed.starts_with('#') {
            let hashes = trimmed.chars().take_while(|&c| c == '#').count();
            let rest = trimmed.get(hashes..).unwrap_or("");
            let prefix = hashes + (rest.len() - rest.trim_start().len());
            LineKind::MdHeading(prefix)
        } else {
            LineKind::Content
        };
        out.push(Line { kind, content });
    }
    mark_footnotes(text, &mut out);
    out
}

/// Footnotes sit at the bottom of a PDF page: short numbered lines ("1 S/2013/119.")
/// right before the page's furniture. Walk upwards from each furniture block.
fn mark_footnotes(text: &str, lines: &mut [Line]) {
    let mut below_is_page_end = false;
    for line in lines.iter_mut().rev() {
        match line.kind {
            LineKind::Blank => {}
            LineKind::Furniture => below_is_page_end = true,
            LineKind::Content
                if below_is_page_end && looks_like_footnote(line.content.slice(text)) =>
            {
                line.kind = LineKind::Footnote;
            }
            _ => below_is_page_end = false,
        }
    }
}

fn looks_like_footnote(s: &str) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let rest = s.get(digits..).unwrap_or("");
    rest.starts_with(' ') || rest.starts_with('\t')
}

/// Reads the masthead (symbol, title, adoption line) and the enacting formula.
/// Returns the index of the first line of the body.
fn masthead(text: &str, lines: &[Line], doc: &mut Document) -> usize {
    // Where does the body start? At "The Security Council," if it is there (within the
    // first lines), else at the first line that looks like a paragraph.
    let mut council: Option<(usize, usize)> = None;
    for (i, line) in lines.iter().enumerate().take(200) {
        if line.kind != LineKind::Content && !matches!(line.kind, LineKind::MdHeading(_)) {
            continue;
        }
        let s = line.content.slice(text);
        let s = md_heading_text(s, line.kind);
        if let Some(len) = lines::council_formula(s) {
            council = Some((i, len + (line.content.slice(text).len() - s.len())));
            break;
        }
        if lines::label(s).is_some_and(|l| l.style == LabelStyle::Number) {
            break;
        }
    }
    let body_start = match council {
        Some((i, _)) => i,
        None => lines
            .iter()
            .position(|l| {
                l.kind == LineKind::Content && {
                    let s = l.content.slice(text);
                    lines::label(s).is_some_and(|lab| lab.style == LabelStyle::Number)
                        || opener_like(first_word(s))
                }
            })
            .unwrap_or(lines.len()),
    };
    let mut m = Masthead::default();
    let mut i = 0;
    while i < body_start {
        let Some(line) = lines.get(i) else { break };
        i += 1;
        if !matches!(
            line.kind,
            LineKind::Content | LineKind::MdHeading(_) | LineKind::Furniture
        ) {
            continue;
        }
        let s = md_heading_text(line.content.slice(text), line.kind)
            .trim_matches(|c| c == '*' || c == '_');
        if let Some((n, y)) = lines::resolution_symbol(s) {
            m.symbol = Some(format!("S/RES/{n} ({y})"));
            m.symbol_span = Some(line.content);
            m.number.get_or_insert(n);
            m.year.get_or_insert(y);
        } else if let Some(sym) = lines::draft_symbol(s) {
            m.symbol = Some(sym.to_string());
            m.symbol_span = Some(line.content);
            m.draft = true;
        } else if let Some((n, y)) = lines::resolution_title(s) {
            if n.is_none() {
                m.draft = true;
            }
            // The document symbol, when present, is authoritative: titles carry typos
            // such as "Resolution 1812 (208)". Years before the Council existed are noise.
            if let Some(n) = n {
                m.number.get_or_insert(n);
            }
            if let Some(y) = y.filter(|y| (1946..=2200).contains(y)) {
                m.year.get_or_insert(y);
            }
        } else if let Some((meeting, date)) = lines::adoption_line(s) {
            m.adopted = true;
            m.meeting = meeting;
            m.date = date.or_else(|| {
                // The date often wraps onto the next line.
                lines
                    .get(i)
                    .filter(|l| l.kind == LineKind::Content)
                    .map(|l| {
                        l.content
                            .slice(text)
                            .trim()
                            .trim_end_matches('.')
                            .to_string()
                    })
            });
        } else if s.to_ascii_lowercase().contains("draft resolution") {
            m.draft = true;
        }
    }
    if !m.adopted {
        m.draft = true;
    }
    doc.masthead = m;
    match council {
        Some((i, len)) => {
            if let Some(line) = lines.get(i) {
                let span = Span::new(
                    line.content.start,
                    (line.content.start + len).min(line.content.end),
                );
                doc.council_line = Some(span);
            }
            i
        }
        None => {
            doc.issues.push(ParseIssue {
                span: lines
                    .get(body_start)
                    .map(|l| Span::empty(l.content.start))
                    .unwrap_or_default(),
                message: "no enacting formula \u{201c}The Security Council,\u{201d} was found; the text is read as preamble and operative part without it".into(),
            });
            body_start
        }
    }
}

fn md_heading_text(s: &str, kind: LineKind) -> &str {
    match kind {
        LineKind::MdHeading(prefix) => s.get(prefix..).unwrap_or(""),
        _ => s,
    }
}

/// The first word of a line, without Markdown emphasis or opening quotes.
fn first_word(s: &str) -> &str {
    let s = s.trim_start_matches(['*', '_', '"', '\u{201c}']);
    let end = s
        .find(|c: char| !(c.is_alphabetic() || c == '-' || c == '\''))
        .unwrap_or(s.len());
    s.get(..end).unwrap_or("")
}

/// Preambular paragraphs open with a participle or an adjective (Recalling, Noting,
/// Mindful, Deeply concerned…). A structural cue only; the lexicon-based check of the
/// opening word is rule RES003.
fn opener_like(word: &str) -> bool {
    const OTHERS: &[&str] = &[
        "Mindful",
        "Aware",
        "Conscious",
        "Cognizant",
        "Cognisant",
        "Desirous",
        "Anxious",
        "Convinced",
        "Determined",
        "Concerned",
        "Alarmed",
        "Deeply",
        "Gravely",
        "Strongly",
        "Further",
        "Also",
        "Again",
        "Seriously",
        "Profoundly",
        "Firmly",
        "Fully",
        "Once",
        "Equally",
        "Particularly",
        "Appreciative",
        "Grateful",
        "Keen",
        "Resolved",
        "Committed",
        "Bearing",
        "Having",
        "Acting",
        "Sharply",
        "Greatly",
        "Underlining",
        "Reiterating",
        "Highly",
        "Affirming",
        "Reaffirming",
        "Taking",
    ];
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || word.len() < 4 {
        return false;
    }
    word.ends_with("ing") || word.ends_with("ed") || OTHERS.contains(&word)
}

/// A third-person operative verb opening an unnumbered operative paragraph in old
/// resolutions ("Decides", "Calls upon"): capitalised, ends in -s, not -ss.
fn operative_verb_like(word: &str) -> bool {
    const NOT_VERBS: &[&str] = &[
        "Its", "This", "Thus", "As", "Has", "Was", "Is", "His", "Always", "Nations",
    ];
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && word.len() >= 4
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !NOT_VERBS.contains(&word)
}

/// Ends with punctuation that closes a paragraph or introduces a list. An item that
/// ends "…; and" or "…; or" is closed too: the next item follows.
fn ends_terminal(s: &str) -> bool {
    let t = s.trim_end();
    let t = ["and", "or"]
        .iter()
        .find_map(|w| t.strip_suffix(w))
        .map(str::trim_end)
        .filter(|head| head.ends_with(';'))
        .unwrap_or(t);
    let t = t.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\u{201d}' | '\u{2019}' | '*' | '_' | ')')
    });
    // A footnote marker after the punctuation ("2013,1", "Add.49, 10") does not hide it.
    let t = t
        .trim_end_matches(|c: char| c.is_ascii_digit() && s.len() > 3)
        .trim_end();
    matches!(t.chars().last(), Some(',' | ';' | ':' | '.' | '\u{2014}'))
}

fn starts_lowercase(s: &str) -> bool {
    s.trim_start_matches(['*', '_', '"', '\u{201c}', '('])
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

/// "Annex", "Annex II", "ANNEX A", "Annex A: Joint Comprehensive Plan of Action",
/// "Annex — Benchmarks": a title line, not a sentence that starts with the word.
pub(crate) fn is_annex_title(s: &str) -> bool {
    let s = s.trim_matches(|c| c == '*' || c == '_').trim();
    let Some(head) = s.get(..5) else {
        return false;
    };
    if !head.eq_ignore_ascii_case("annex") {
        return false;
    }
    let rest = s.get(5..).unwrap_or("");
    if rest.is_empty() {
        return true;
    }
    if !rest.starts_with(|c: char| c.is_whitespace() || c == ':') {
        return false;
    }
    let rest = rest.trim_start();
    let id_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let (id, after) = rest.split_at(id_len);
    let id_ok = id.len() <= 4
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let after = after.trim_start();
    if after.is_empty() {
        return id_ok;
    }
    // A title after a separator: "Annex A: …", "Annex — …", "Annex II. …".
    let separated = after.starts_with([':', '\u{2014}', '\u{2013}', '-', '.']);
    (id_ok || id.is_empty() || rest.starts_with(':'))
        && separated
        && s.chars().count() <= 160
        && !s.ends_with([',', ';'])
}

/// A clause under construction.
struct Open {
    idx: usize,
    /// Pieces of the body in the original text (content spans, label removed).
    pieces: Vec<Span>,
    last_end: usize,
}

struct Assembler<'a> {
    text: &'a str,
    format: SourceFormat,
    lines: &'a [Line],
    doc: &'a mut Document,
    part: Part,
    has_numbered: bool,
    open: Option<Open>,
    /// Open label levels, outermost first: (kind, clause index, value).
    stack: Vec<(LabelKind, usize, u32)>,
    last_number: Option<u32>,
    /// The last letter closed in the current paragraph (kind and value), which the
    /// letters under its next pillar continue.
    closed_letter: Option<(LabelKind, u32)>,
}

/// What the parser knows of the line after the current one.
#[derive(Clone, Copy, Debug, Default)]
struct NextLine {
    /// It continues a wrapped sentence (starts in lower case).
    continues: bool,
    /// It starts a numbered paragraph.
    numbered: bool,
    /// It starts with a label (a paragraph number or an item label).
    labelled: bool,
}

impl<'a> Assembler<'a> {
    fn new(text: &'a str, format: SourceFormat, lines: &'a [Line], doc: &'a mut Document) -> Self {
        Assembler {
            text,
            format,
            lines,
            doc,
            part: Part::Preambular,
            has_numbered: false,
            open: None,
            stack: Vec::new(),
            last_number: None,
            closed_letter: None,
        }
    }

    fn run(&mut self, body_start: usize) {
        self.has_numbered = self.lines.iter().skip(body_start).any(|l| {
            l.kind == LineKind::Content
                && lines::label(l.content.slice(self.text)).is_some_and(|lab| {
                    lab.style == LabelStyle::Number
                        && starts_paragraph_text(l.content.slice(self.text), &lab)
                })
        });
        let mut blank_before = true;
        let mut i = body_start;
        while let Some(&line) = self.lines.get(i) {
            i += 1;
            match line.kind {
                LineKind::Blank | LineKind::Comment => {
                    blank_before = true;
                    continue;
                }
                LineKind::Furniture | LineKind::Footnote => continue,
                LineKind::MdHeading(prefix) => {
                    self.close();
                    let title = Span::new(
                        (line.content.start + prefix).min(line.content.end),
                        line.content.end,
                    );
                    let t = title.slice(self.text);
                    if lines::council_formula(t).is_some() {
                        self.doc.council_line = Some(title);
                    } else if is_annex_title(t) && self.part != Part::Preambular {
                        self.enter_annex(line.content.start);
                    } else {
                        self.heading(line.content, title);
                    }
                    blank_before = true;
                    continue;
                }
                LineKind::Content => {}
            }
            let mut content = line.content;
            // The enacting formula may share its line with the first paragraph.
            if self
                .doc
                .council_line
                .is_some_and(|c| c.start == content.start)
            {
                let end = self
                    .doc
                    .council_line
                    .map(|c| c.end)
                    .unwrap_or(content.start);
                let rest = Span::new(end, content.end);
                let trimmed_lead =
                    rest.slice(self.text).len() - rest.slice(self.text).trim_start().len();
                content = Span::new(rest.start + trimmed_lead, rest.end);
                blank_before = true;
                if content.is_empty() {
                    continue;
                }
            }
            // A wrapped line continues in lower case; a following "1." is a new paragraph.
            let next_continues = matches!(self.lines.get(i), Some(next) if next.kind == LineKind::Content
                && next.content.slice(self.text).chars().next().is_some_and(char::is_lowercase));
            let next_label = self
                .lines
                .iter()
                .skip(i)
                .find(|l| l.kind == LineKind::Content)
                .and_then(|l| lines::label(l.content.slice(self.text)));
            let next = NextLine {
                continues: next_continues,
                numbered: next_label
                    .as_ref()
                    .is_some_and(|l| l.style == LabelStyle::Number),
                labelled: next_label.is_some(),
            };
            self.line(content, blank_before, next);
            blank_before = false;
        }
        self.close();
    }

    /// Whether the last operative paragraph is the closing "remain seized" clause.
    fn seized_closed(&self) -> bool {
        let last_top = self
            .doc
            .clauses
            .iter()
            .rposition(|c| c.part == Part::Operative && c.parent.is_none());
        let Some(idx) = last_top else { return false };
        let text = match &self.open {
            Some(open) if open.idx == idx => open
                .pieces
                .iter()
                .map(|p| p.slice(self.text))
                .collect::<Vec<_>>()
                .join(" "),
            _ => self
                .doc
                .clauses
                .get(idx)
                .map(|c| c.norm.text.clone())
                .unwrap_or_default(),
        };
        let lower = text.to_lowercase();
        lower.contains("remain seized") || lower.contains("remain actively seized")
    }

    fn prev_terminal(&self) -> bool {
        match &self.open {
            Some(open) => open
                .pieces
                .last()
                .is_some_and(|p| ends_terminal(p.slice(self.text))),
            None => true,
        }
    }

    fn line(&mut self, content: Span, blank_before: bool, next: NextLine) {
        let s = content.slice(self.text);
        if self.part != Part::Preambular && is_annex_title(s) && self.prev_terminal() {
            self.close();
            self.enter_annex(content.start);
            return;
        }
        let prev_terminal = self.prev_terminal();
        if let Some(label) = lines::label(s) {
            let sub_number = self.sub_number(&label, s);
            if (sub_number || self.accept_label(&label, s, prev_terminal, blank_before))
                && self.labelled(content, &label, sub_number)
            {
                return;
            }
        }
        // No (acceptable) label.
        if self.part == Part::Operative {
            // Sub-headings between items: "Urgent temporary measures:" after a closed
            // item, "Stabilisation" under a heading item, "Other tasks" before the
            // next paragraph.
            let titled = (prev_terminal || self.open_title_item().is_some())
                && heading_like(s)
                && next.labelled;
            // A title line alone between a closed paragraph and the next one:
            // "Pillar 1 – supporting weapons and ammunition management …".
            let section = prev_terminal && next.numbered && title_line(without_section_code(s));
            if (prev_terminal && colon_heading(s)) || titled || section {
                self.close();
                self.heading(content, content);
                return;
            }
            if let Some(parent) = self.unlabelled_item_parent(s, prev_terminal) {
                self.start(Part::Operative, None, Some(parent), content, content.start);
                return;
            }
        }
        let continuation = self.open.is_some() && (!prev_terminal || starts_lowercase(s));
        if continuation {
            self.extend(content);
            return;
        }
        let word = first_word(s);
        match self.part {
            Part::Preambular => {
                if !self.has_numbered && self.open.is_some() && operative_verb_like(word) {
                    self.part = Part::Operative;
                    self.start(Part::Operative, None, None, content, content.start);
                } else if self.open.is_some()
                    && next.numbered
                    && (heading_like(s) || (prev_terminal && title_line(without_section_code(s))))
                {
                    // A title between the preamble and paragraph 1 ("Somalia",
                    // "Renewal of the mandate") heads the operative part.
                    self.heading(content, content);
                } else if self.open.is_none() || blank_before || opener_like(word) || prev_terminal
                {
                    self.start(Part::Preambular, None, None, content, content.start);
                } else {
                    self.extend(content);
                }
            }
            Part::Operative | Part::Annex | Part::Heading => {
                if heading_like(s) && !next.continues {
                    self.close();
                    self.heading(content, content);
                } else if self.part != Part::Annex
                    && opener_like(word)
                    && (blank_before || prev_terminal)
                {
                    // Multi-part resolutions (parts A, B, C) open each part with its own
                    // preambular paragraphs.
                    self.stack.clear();
                    self.start(Part::Preambular, None, None, content, content.start);
                } else if self.open.is_none()
                    || (!self.has_numbered && operative_verb_like(word))
                    || (blank_before && operative_verb_like(word))
                {
                    let part = if self.part == Part::Annex {
                        Part::Annex
                    } else {
                        Part::Operative
                    };
                    self.stack.clear();
                    self.start(part, None, None, content, content.start);
                } else {
                    self.extend(content);
                }
            }
        }
    }

    /// The open clause, when it is one line of title text after its label ("(b) Support
    /// for the extension of State authority"): a heading item, whose tasks follow.
    fn open_title_item(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        let clause = self.doc.clauses.get(open.idx)?;
        let lettered = clause
            .label
            .as_ref()
            .is_some_and(|l| !matches!(l.kind, LabelKind::Number | LabelKind::Dash));
        if !lettered || clause.parent.is_none() {
            return None;
        }
        let [only] = open.pieces.as_slice() else {
            return None;
        };
        title_line(only.slice(self.text)).then_some(open.idx)
    }

    /// Where an unlabelled line is an item of its own rather than more text of the open
    /// clause, the clause it belongs to: a task under a heading item ("(d) Facilitate
    /// … humanitarian assistance" then "To improve coordination …;"), the next of such
    /// tasks, or a quoted text after "… replaced by the following:".
    fn unlabelled_item_parent(&self, s: &str, prev_terminal: bool) -> Option<usize> {
        let starts_capital = s
            .trim_start_matches(['*', '_'])
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let quoted = s.starts_with(['\u{201c}', '"']);
        if !(starts_capital || quoted) || heading_like(s) {
            return None;
        }
        let open = self.open.as_ref()?;
        let clause = self.doc.clauses.get(open.idx)?;
        if starts_capital && clause.parent.is_some() {
            if let Some(title) = self.open_title_item() {
                return Some(title);
            }
            if clause.label.is_none() && prev_terminal {
                return clause.parent;
            }
        }
        let after_colon = open
            .pieces
            .last()
            .is_some_and(|p| p.slice(self.text).trim_end().ends_with(':'));
        (quoted && after_colon && clause.parent.is_none() && clause.label.is_some())
            .then_some(open.idx)
    }

    /// "1. protect civilians …" after "… plans are in place and implemented to:" inside a
    /// sub-item: a numbered item of that sub-item, not paragraph 1.
    fn sub_number(&self, label: &RawLabel, s: &str) -> bool {
        if label.style != LabelStyle::Number || self.stack.len() < 2 {
            return false;
        }
        let Ok(value) = label.text.parse::<u32>() else {
            return false;
        };
        let lower = s
            .get(label.consumed..)
            .is_some_and(|rest| rest.chars().next().is_some_and(char::is_lowercase));
        let continues = self
            .stack
            .iter()
            .skip(1)
            .any(|(k, _, v)| *k == LabelKind::Number && v + 1 == value);
        let opens = value == 1
            && self.open.as_ref().is_some_and(|o| {
                o.pieces
                    .last()
                    .is_some_and(|p| p.slice(self.text).trim_end().ends_with(':'))
            });
        lower && (continues || opens)
    }

    /// Whether a label at the start of a line really starts a paragraph (and is not a
    /// wrapped line that happens to begin with "(2010)" or "12.").
    fn accept_label(
        &self,
        label: &RawLabel,
        s: &str,
        prev_terminal: bool,
        blank_before: bool,
    ) -> bool {
        if label.style == LabelStyle::Number {
            let Ok(value) = label.text.parse::<u32>() else {
                return false;
            };
            let follows = self
                .last_number
                .map_or(value <= 2, |last| value == last + 1);
            if !starts_paragraph_text(s, label) {
                // "5. further endorses" (an OCR'd capital) is still paragraph 5 when it
                // is the next number after a closed paragraph.
                return follows && prev_terminal && self.last_number.is_some();
            }
            return prev_terminal || blank_before || follows || self.open.is_none();
        }
        if !starts_paragraph_text(s, label) {
            return false;
        }
        let after_title = self.open_title_item().is_some();
        // "(c) … in accordance with Yemeni law, and" closes item (c) when (d) follows.
        let after_conjunction = self.open.as_ref().is_some_and(|o| {
            o.pieces.last().is_some_and(|p| {
                let t = p.slice(self.text).trim_end();
                [", and", ", or"].iter().any(|tail| t.ends_with(tail))
            })
        });
        match label.style {
            LabelStyle::Number => false,
            LabelStyle::Paren | LabelStyle::Dot => {
                if label.style == LabelStyle::Dot && self.stack.is_empty() {
                    return false;
                }
                // After a heading item such as "(i) Protection of civilians" (no closing
                // punctuation) the next item still starts a clause when its label is
                // the first of a level or continues a sequence.
                let letters = |v: u32| {
                    self.stack.iter().any(|(k, _, open)| {
                        matches!(k, LabelKind::ParenLetter | LabelKind::DotLetter) && open + 1 == v
                    }) || self
                        .closed_letter
                        .is_some_and(|(_, closed)| closed + 1 == v)
                };
                let in_sequence = lines::letter_value(&label.text)
                    .is_some_and(|v| v == 1 || letters(v))
                    || lines::roman_value(&label.text).is_some_and(|v| {
                        v == 1
                            || self.stack.iter().any(|(k, _, open)| {
                                matches!(k, LabelKind::ParenRoman | LabelKind::DotRoman)
                                    && open + 1 == v
                            })
                    });
                prev_terminal
                    || blank_before
                    || self.open.is_none()
                    || (in_sequence && (after_title || after_conjunction))
            }
            LabelStyle::ParenNumber => {
                // "(7)" right after "(6)": the list goes on even when item (6) lacks
                // its closing punctuation.
                let value = label.text.parse::<u32>().unwrap_or(0);
                let continues = self
                    .stack
                    .iter()
                    .skip(1)
                    .any(|(k, _, open)| *k == LabelKind::Number && open + 1 == value);
                // A numbered list opens at "(1)": a lone "(6)" is OCR for "(b)".
                !self.stack.is_empty()
                    && (continues || (value == 1 && (prev_terminal || blank_before || after_title)))
            }
            LabelStyle::Dash => {
                // A dash list goes on after an item that lacks its semicolon.
                let dash_open = self.stack.iter().any(|(k, _, _)| *k == LabelKind::Dash);
                prev_terminal || blank_before || self.open.is_none() || after_title || dash_open
            }
        }
    }

    /// Starts a labelled clause. Returns false when the label cannot be placed (the
    /// line is then read as text). `sub_number`: a "1." that numbers items of a
    /// sub-item, not paragraphs.
    fn labelled(&mut self, content: Span, raw: &RawLabel, sub_number: bool) -> bool {
        let (letter_kind, roman_kind) = match raw.style {
            LabelStyle::Dot => (LabelKind::DotLetter, LabelKind::DotRoman),
            _ => (LabelKind::ParenLetter, LabelKind::ParenRoman),
        };
        let open_value = |kind: LabelKind| {
            self.stack
                .iter()
                .rev()
                .find(|(k, _, _)| *k == kind)
                .map(|(_, _, v)| *v)
        };
        // Letters run on across pillars: after "(h)" under "(i) Protection of civilians",
        // the "(i)" under "(ii) Disarmament …" is the letter i.
        let open_letter = open_value(letter_kind).or(self
            .closed_letter
            .filter(|(k, _)| *k == letter_kind)
            .map(|(_, v)| v));
        let Some((kind, value)) =
            lines::resolve_label(raw.style, &raw.text, open_letter, open_value(roman_kind))
        else {
            return false;
        };
        let label = Label {
            kind,
            text: raw.text.clone(),
            value,
            span: Span::new(content.start, content.start + raw.label_len),
        };
        let body_start = content.start + raw.consumed;
        let paragraph = raw.style == LabelStyle::Number && !sub_number;
        if paragraph && value == 1 && self.part == Part::Operative && self.seized_closed() {
            // Numbering that restarts after "Decides to remain seized of the matter." is
            // an annex whose title was not recognised.
            self.close();
            self.enter_annex(content.start);
        }
        if paragraph {
            self.close();
            self.title_item_to_heading();
            if self.part == Part::Preambular {
                self.part = Part::Operative;
            }
            self.stack.clear();
            self.closed_letter = None;
            self.last_number = Some(value);
            let part = if self.part == Part::Annex {
                Part::Annex
            } else {
                Part::Operative
            };
            // "58. (a) Requests …": the paragraph number and its first item share a line.
            let rest = Span::new(body_start.min(content.end), content.end);
            let first_item = lines::label(rest.slice(self.text)).filter(|l| {
                l.style == LabelStyle::Paren
                    && matches!(l.text.as_str(), "a" | "i")
                    && starts_paragraph_text(rest.slice(self.text), l)
            });
            let own = if first_item.is_some() {
                Span::new(content.start, label.span.end)
            } else {
                content
            };
            let idx = self.start(part, Some(label), None, own, body_start.min(own.end));
            self.stack.push((kind, idx, value));
            if let Some(item) = first_item {
                self.labelled(rest, &item, false);
            }
            return true;
        }
        // Sub-items: a kind already open closes everything below it and becomes a
        // sibling; a new kind nests under the innermost open clause. A paragraph number
        // at the bottom of the stack is not the level of numbered items.
        let skip = usize::from(
            kind == LabelKind::Number
                && self
                    .stack
                    .first()
                    .is_some_and(|(k, _, _)| *k == LabelKind::Number),
        );
        let level = self
            .stack
            .iter()
            .skip(skip)
            .position(|(k, _, _)| *k == kind)
            .map(|p| p + skip);
        let parent =
            if let Some(pos) = level {
                // A sibling of an open item: same parent as that item.
                let sibling = self.stack.get(pos).map(|(_, idx, _)| *idx);
                if let Some(letter) =
                    self.stack.iter().skip(pos).rev().find(|(k, _, _)| {
                        matches!(k, LabelKind::ParenLetter | LabelKind::DotLetter)
                    })
                {
                    self.closed_letter = Some((letter.0, letter.2));
                }
                self.stack.truncate(pos);
                sibling
                    .and_then(|s| self.doc.clauses.get(s))
                    .and_then(|c| c.parent)
            } else {
                self.stack
                    .last()
                    .map(|(_, idx, _)| *idx)
                    .or_else(|| self.open.as_ref().map(|o| o.idx))
            };
        let part = match self.part {
            Part::Heading => Part::Operative,
            p => p,
        };
        let idx = self.start(part, Some(label), parent, content, body_start);
        self.stack.push((kind, idx, value));
        true
    }

    /// A lone heading item between two paragraphs ("8. …;" then "(i) Exemptions,
    /// advance approvals and notifications" then "9. …") is a section heading with a
    /// label, not an item of paragraph 8. Call with no clause open.
    fn title_item_to_heading(&mut self) {
        let Some(idx) = self.doc.clauses.len().checked_sub(1) else {
            return;
        };
        let Some(c) = self.doc.clauses.get(idx) else {
            return;
        };
        let Some(parent) = c.parent else { return };
        let lone = self.doc.clauses.get(parent).is_some_and(|p| {
            p.parent.is_none() && p.children == [idx] && !p.norm.text.trim_end().ends_with(':')
        });
        if !(lone && c.part == Part::Operative && title_line(&c.norm.text)) {
            return;
        }
        if let Some(p) = self.doc.clauses.get_mut(parent) {
            p.children.clear();
        }
        if let Some(c) = self.doc.clauses.get_mut(idx) {
            c.part = Part::Heading;
            c.label = None;
            c.parent = None;
            c.depth = 0;
        }
    }

    fn start(
        &mut self,
        part: Part,
        label: Option<Label>,
        parent: Option<usize>,
        content: Span,
        body_start: usize,
    ) -> usize {
        self.close();
        let body_start = body_start.min(content.end);
        let body = Span::new(body_start, content.end);
        let idx = push_clause(
            self.doc,
            part,
            label,
            parent,
            content,
            body,
            NormText::default(),
        );
        let first = Span::new(body_start, content.end);
        self.open = Some(Open {
            idx,
            pieces: if first.is_empty() {
                Vec::new()
            } else {
                vec![first]
            },
            last_end: content.end,
        });
        idx
    }

    fn extend(&mut self, content: Span) {
        match &mut self.open {
            Some(open) => {
                open.pieces.push(content);
                open.last_end = content.end;
            }
            None => {
                self.start(self.part, None, None, content, content.start);
            }
        }
    }

    fn heading(&mut self, whole: Span, title: Span) {
        self.close();
        let part = if self.part == Part::Annex {
            Part::Annex
        } else {
            Part::Heading
        };
        let idx = push_clause(
            self.doc,
            part,
            None,
            None,
            whole,
            title,
            NormText::default(),
        );
        self.open = Some(Open {
            idx,
            pieces: vec![title],
            last_end: whole.end,
        });
        self.close();
        if self.part == Part::Preambular {
            // A heading before any numbered paragraph ("Operative part") ends the preamble.
            self.part = Part::Operative;
        }
    }

    fn enter_annex(&mut self, at: usize) {
        self.close();
        self.part = Part::Annex;
        self.stack.clear();
        self.last_number = None;
        if self.doc.annex_start.is_none() {
            self.doc.annex_start = Some(at);
        }
    }

    fn close(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let norm = normalise(
            self.text,
            &open.pieces,
            self.format == SourceFormat::Markdown,
        );
        if let Some(clause) = self.doc.clauses.get_mut(open.idx) {
            clause.span.end = open.last_end.max(clause.span.start);
            clause.body.end = open.last_end.max(clause.body.start);
            if let Some(first) = open.pieces.first() {
                if clause.body.is_empty() || clause.body.start > first.start {
                    clause.body.start = first.start.min(clause.body.end);
                }
            }
            clause.norm = norm;
        }
    }
}

/// Appends a clause under `parent` (its depth follows, and the parent lists it among
/// its children); the reference is given later by `finish`. Returns its index.
fn push_clause(
    doc: &mut Document,
    part: Part,
    label: Option<Label>,
    parent: Option<usize>,
    span: Span,
    body: Span,
    norm: NormText,
) -> usize {
    let depth = parent
        .and_then(|p| doc.clauses.get(p))
        .map_or(0, |p| p.depth.saturating_add(1));
    let idx = doc.clauses.len();
    if let Some(p) = parent.and_then(|p| doc.clauses.get_mut(p)) {
        p.children.push(idx);
    }
    doc.clauses.push(Clause {
        part,
        depth,
        label,
        reference: String::new(),
        parent,
        children: Vec::new(),
        span,
        body,
        norm,
        title: false,
    });
    idx
}

/// The text after a label must look like the start of a paragraph: a capital letter, a
/// quote, emphasis, or nothing (label alone on its line). Lower case is accepted for
/// sub-items ("(a) to support…").
fn starts_paragraph_text(s: &str, label: &RawLabel) -> bool {
    let rest = s.get(label.consumed..).unwrap_or("").trim_start();
    let Some(c) = rest.chars().next() else {
        return true;
    };
    match label.style {
        // OCR leaves junk such as "16. | Demands"; only lower case and digits mean the
        // number is the end of a wrapped line ("… until 31 July\n2027. and").
        LabelStyle::Number => !c.is_lowercase() && !c.is_ascii_digit(),
        _ => !c.is_ascii_digit() || label.style != LabelStyle::Dash,
    }
}

/// A heading without its section code: "2a: Targeted sanctions" → "Targeted
/// sanctions", "A.\tTargeted sanctions" → "Targeted sanctions".
fn without_section_code(s: &str) -> &str {
    let t = s.trim_start_matches(['*', '_']).trim_start();
    let code_len = t
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(t.len());
    let Some((code, rest)) = t.split_at_checked(code_len) else {
        return s;
    };
    let roman_or_letter = code.len() == 1 && code.chars().all(|c| c.is_ascii_uppercase())
        || (!code.is_empty() && code.chars().all(|c| matches!(c, 'I' | 'V' | 'X')));
    let numbered = code.len() <= 3
        && code.starts_with(|c: char| c.is_ascii_digit())
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
    match rest.strip_prefix([':', '.']) {
        Some(after) if (roman_or_letter || numbered) && after.starts_with(char::is_whitespace) => {
            after.trim_start()
        }
        _ => s,
    }
}

/// Headings in the operative part: short, capitalised, no closing punctuation.
fn heading_like(s: &str) -> bool {
    let t = without_section_code(s);
    let t = t.trim_matches(|c| c == '*' || c == '_').trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    t.chars().count() <= 100
        && (first.is_uppercase())
        && !ends_terminal(t)
        && !t.ends_with(',')
        && t.split_whitespace().count() <= 14
}

/// The text of a heading item after its label: capitalised, not closed by punctuation,
/// and not a line cut in the middle of a sentence ("To support the", "… of the").
fn title_line(s: &str) -> bool {
    let t = s.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let Some(first) = t.chars().find(|c| c.is_alphanumeric()) else {
        return false;
    };
    const OPEN_ENDED: &[&str] = &[
        "the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "by", "its", "their",
        "at", "from", "as", "that", "which",
    ];
    let last_word = t.rsplit(char::is_whitespace).next().unwrap_or("");
    first.is_uppercase()
        && !ends_terminal(t)
        && !t.ends_with(['-', '\u{2013}', '\u{2014}'])
        && t.split_whitespace().count() <= 40
        && !OPEN_ENDED.contains(&last_word)
}

/// A short title closed by a colon inside the operative part: "Reporting:",
/// "Urgent temporary measures:", "Special Criminal Court (SCC):".
fn colon_heading(s: &str) -> bool {
    let t = s.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let Some(head) = t.strip_suffix(':') else {
        return false;
    };
    let words = head.split_whitespace().count();
    // A sentence introducing a list ("The focal point will perform the following
    // tasks:") has a verb; a title does not.
    const VERBS: &[&str] = &[
        "will", "shall", "should", "may", "must", "is", "are", "was", "were", "has", "have",
    ];
    head.chars().next().is_some_and(char::is_uppercase)
        && (1..=8).contains(&words)
        && !head.split_whitespace().any(|w| VERBS.contains(&w))
        && !head.contains([',', ';', ':'])
        && !operative_verb_like(first_word(head))
}

/// Builds the analysis text of a clause: pieces joined by single spaces, runs of blank
/// space folded, soft hyphens dropped, a word hyphenated across a line end joined, and
/// in Markdown the emphasis markers dropped.
fn normalise(text: &str, pieces: &[Span], markdown: bool) -> NormText {
    let mut b = NormText::builder();
    let mut join_next = false;
    for (n, piece) in pieces.iter().enumerate() {
        let s = piece.slice(text);
        let mut pending_space = n > 0 && !join_next;
        join_next = false;
        let dropped = |i: usize, c: char| {
            c == '\u{00ad}'
                || (markdown && (c == '*' || (c == '_' && is_emphasis_underscore(s, i))))
        };
        let mut run_start: Option<usize> = None;
        let mut prev_kept = false;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            // A single space between two kept characters stays inside the run; runs of
            // blank space, tabs and dropped characters end it.
            if c == ' ' && run_start.is_some() && prev_kept {
                if let Some(&(j, next)) = iter.peek() {
                    if !next.is_whitespace() && !dropped(j, next) {
                        prev_kept = false;
                        continue;
                    }
                }
            }
            if c.is_whitespace() || dropped(i, c) {
                if let Some(start) = run_start.take() {
                    b.push(s.get(start..i).unwrap_or(""), piece.start + start);
                }
                pending_space |= c.is_whitespace();
                prev_kept = false;
                continue;
            }
            if run_start.is_none() {
                if pending_space && !b.ends_with_space() {
                    b.push_separator(" ", piece.start + i);
                }
                pending_space = false;
                run_start = Some(i);
            }
            prev_kept = true;
        }
        if let Some(start) = run_start {
            b.push(s.get(start..).unwrap_or(""), piece.start + start);
        }
        // A soft hyphen at the end of a line joins the word without a space; a hard
        // hyphen after a letter joins too, keeping the hyphen ("Secretary-\nGeneral").
        let tail = s.trim_end();
        let next_is_letter = pieces
            .get(n + 1)
            .and_then(|p| p.slice(text).chars().next())
            .is_some_and(char::is_alphabetic);
        if next_is_letter && tail.ends_with('\u{00ad}') {
            join_next = true;
        } else if next_is_letter && tail.ends_with('-') {
            join_next = tail
                .trim_end_matches('-')
                .chars()
                .last()
                .is_some_and(char::is_alphabetic);
        }
    }
    b.finish()
}

fn is_emphasis_underscore(s: &str, i: usize) -> bool {
    let before = s.get(..i).and_then(|p| p.chars().last());
    let after = s.get(i + 1..).and_then(|p| p.chars().next());
    // snake_case words keep their underscores; emphasis sits at word edges.
    !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
}

/// Assigns references, marks the Chapter VII line and reports structural problems.
fn finish(text: &str, doc: &mut Document) {
    let mut pp = 0u32;
    let mut headings = 0u32;
    let mut unnumbered = 0u32;
    let mut annex_unnumbered = 0u32;
    // Unlabelled items counted per parent.
    let mut unlabelled_items: std::collections::HashMap<usize, u32> = Default::default();
    let mut refs: Vec<String> = Vec::with_capacity(doc.clauses.len());
    for i in 0..doc.clauses.len() {
        let Some(c) = doc.clauses.get(i) else {
            continue;
        };
        let parent_ref = c.parent.and_then(|p| refs.get(p)).cloned();
        let r = match (&c.label, c.part, parent_ref) {
            (_, Part::Heading, _) => {
                headings += 1;
                format!("h{headings}")
            }
            (Some(l), _, Some(pr)) if l.kind == LabelKind::Dash => {
                let nth = c
                    .parent
                    .and_then(|p| doc.clauses.get(p))
                    .map(|p| {
                        p.children
                            .iter()
                            .take_while(|&&ch| ch != i)
                            .filter(|&&ch| {
                                doc.clauses.get(ch).is_some_and(|s| {
                                    s.label.as_ref().is_some_and(|l| l.kind == LabelKind::Dash)
                                })
                            })
                            .count()
                            + 1
                    })
                    .unwrap_or(1);
                format!("{pr}-{nth}")
            }
            (Some(l), _, Some(pr)) => format!("{pr}({})", l.text),
            (Some(l), Part::Annex, None) => match l.kind {
                LabelKind::Number => format!("annex.{}", l.text),
                _ => format!("annex.({})", l.text),
            },
            (Some(l), Part::Preambular, None) if l.kind != LabelKind::Number => {
                pp += 1;
                format!("pp{pp}")
            }
            (Some(l), _, None) => match l.kind {
                LabelKind::Number => l.text.clone(),
                LabelKind::Dash => {
                    unnumbered += 1;
                    format!("op{unnumbered}")
                }
                _ => format!("({})", l.text),
            },
            (None, Part::Preambular, _) => {
                pp += 1;
                format!("pp{pp}")
            }
            (None, Part::Annex, _) => {
                annex_unnumbered += 1;
                format!("annex.p{annex_unnumbered}")
            }
            (None, _, Some(pr)) => {
                let nth = c.parent.map_or(1, |p| {
                    let n = unlabelled_items.entry(p).or_insert(0);
                    *n += 1;
                    *n
                });
                format!("{pr}.p{nth}")
            }
            (None, _, None) => {
                unnumbered += 1;
                format!("op{unnumbered}")
            }
        };
        refs.push(r);
    }
    // References are unique: a repeated label gets "~2", "~3".
    let mut seen = std::collections::HashMap::<String, u32>::new();
    for (clause, mut r) in doc.clauses.iter_mut().zip(refs) {
        let count = seen.entry(r.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            r = format!("{r}~{count}");
        }
        clause.reference = r;
    }
    // Heading items: a labelled item with items of its own whose text is a title.
    let titles: Vec<bool> = doc
        .clauses
        .iter()
        .map(|c| {
            c.parent.is_some()
                && !c.children.is_empty()
                && c.label.as_ref().is_some_and(|l| l.kind != LabelKind::Dash)
                && title_line(&c.norm.text)
        })
        .collect();
    for (c, title) in doc.clauses.iter_mut().zip(titles) {
        c.title = title;
    }
    doc.chapter_vii = doc
        .clauses
        .iter()
        .find(|c| c.part == Part::Preambular && c.norm.text.starts_with("Acting under Chapter VII"))
        .map(|c| c.span);
    if doc.council_line.is_some() && !doc.clauses.iter().any(|c| c.part == Part::Operative) {
        let at = doc.clauses.last().map_or(text.len(), |c| c.span.end);
        doc.issues.push(ParseIssue {
            span: Span::empty(at),
            message: "no operative paragraph was found after the preamble".into(),
        });
    }
}

#[cfg(test)]
mod tests;
