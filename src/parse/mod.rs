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

mod assemble;
mod cues;
mod finish;
mod lines;
mod masthead;
mod normalise;
mod reuse;
mod shapes;
mod stated;

pub use assemble::WalkStats;
pub use cues::ParseCues;
pub use lines::{letter_text, letter_value, roman_value, to_roman};
pub use reuse::NormCache;
pub(crate) use shapes::is_annex_title;

use assemble::{push_clause, Assembler, WalkKey, WalkReuse};
use normalise::normalise;

use crate::input::{Outline, Source};
use crate::model::{Document, Footnote, Masthead, SourceFormat};
use crate::span::{LineIndex, Span, TextEdit};

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
    parse_source_with(source, ParseCues::embedded())
}

/// `parse_source` with the structural cues of loaded lexicons (an engine's, which a
/// rules directory may override).
pub fn parse_source_with(source: &Source, cues: &ParseCues) -> Document {
    parse_with_cues(
        source.text.clone(),
        source.format,
        source.outline.as_ref(),
        cues,
    )
}

/// Parses `text`; when `outline` is given, the clauses are the outline's nodes and only
/// the masthead is read from the text.
pub fn parse_with_outline(
    text: String,
    format: SourceFormat,
    outline: Option<&Outline>,
) -> Document {
    parse_with_cues(text, format, outline, ParseCues::embedded())
}

/// `parse_with_outline` with the given structural cues.
pub fn parse_with_cues(
    text: String,
    format: SourceFormat,
    outline: Option<&Outline>,
    cues: &ParseCues,
) -> Document {
    parse_inner(text, format, outline, cues, None)
}

/// What a parse reuses of the document's previous parse, and keeps for the next.
struct Reusing<'r> {
    norms: &'r mut NormCache,
    /// Where the text differs from the previous parse's.
    edit: TextEdit,
    /// The previous parse's document and whose cue lists it was made with.
    last: Option<&'r Document>,
    cues: u64,
}

/// `parse_with_cues` for a text (no outline), reusing, and then updating, what the
/// document's previous parse kept (`NormCache`): each line's class and label, each
/// clause's text, and the assembler's walk. Same result.
///
/// `edit` says where `text` differs from the text of the previous parse: the lines
/// outside it keep their class and label. `last` is that parse's document, when the
/// caller still has it (its clauses outside the edit are taken, moved, instead of
/// walked again), and `cues_id` says whose cue lists `cues` are (`Lexicons::id`).
pub fn parse_reusing(
    text: String,
    format: SourceFormat,
    (cues, cues_id): (&ParseCues, u64),
    norms: &mut NormCache,
    edit: TextEdit,
    last: Option<&Document>,
) -> Document {
    norms.begin();
    let reusing = Reusing {
        norms: &mut *norms,
        edit,
        last,
        cues: cues_id,
    };
    let doc = parse_inner(text, format, None, cues, Some(reusing));
    norms.end(2 * doc.clauses.len() + 64);
    doc
}

fn parse_inner(
    text: String,
    format: SourceFormat,
    outline: Option<&Outline>,
    cues: &ParseCues,
    reusing: Option<Reusing<'_>>,
) -> Document {
    // The last document's index, edited: a keystroke re-reads the lines it touched.
    let index = match &reusing {
        Some(Reusing {
            last: Some(last),
            edit,
            ..
        }) => last.lines.edited(&text, *edit),
        _ => LineIndex::new(&text),
    };
    let (lines, labels, reusing) = match reusing {
        Some(r) => {
            let (lines, labels, same) = r.norms.lines.classify(&text, &index, format, r.edit);
            (lines, Some(labels), Some((r, same)))
        }
        None => (classify(&text, &index, format), None, None),
    };
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
    let body_start = masthead::masthead(&text, &lines, &mut doc, cues);
    match outline {
        Some(outline) => {
            if outline.formula.is_some() {
                // The markup names the enacting formula: no need to have found it.
                doc.issues.truncate(issues_before);
                doc.council_line = outline.formula;
            }
            stated::build(&text, outline, &mut doc);
            finish::finish(&text, &mut doc, cues);
        }
        None => {
            // A clause starts on a line: room for one per line of text, so that a long
            // draft's clauses are not moved a dozen times as they grow (each keystroke).
            doc.clauses
                .reserve(lines.iter().filter(|l| l.kind == LineKind::Content).count());
            match reusing {
                Some((r, same)) => {
                    let prewalk_footnotes = doc.footnotes.len();
                    let key = WalkKey {
                        format,
                        cues: r.cues,
                        has_numbered: false,
                        body_start,
                        council_line: doc.council_line,
                        lines: lines.len(),
                        text_len: text.len(),
                        clauses: 0,
                        walk_footnotes: 0,
                    };
                    let old = r.last.zip(r.norms.walk.take());
                    let mut walk = WalkReuse::new(old, same, r.edit, key);
                    let mut asm =
                        Assembler::new(&text, format, &lines, &mut doc, cues, Some(&mut *r.norms));
                    asm.run(body_start, labels, Some(&mut walk));
                    let (kept, stats) = walk.finish(&doc, prewalk_footnotes);
                    r.norms.walk = Some(kept);
                    r.norms.walk_stats = stats;
                    let taken = r.last.map(|last| finish::Taken { last, stats });
                    r.norms.walk_stats.references_made = finish::finish_reusing(
                        &text,
                        &mut doc,
                        cues,
                        taken,
                        &mut r.norms.references,
                    );
                }
                None => {
                    let mut asm = Assembler::new(&text, format, &lines, &mut doc, cues, None);
                    asm.run(body_start, labels, None);
                    finish::finish(&text, &mut doc, cues);
                }
            }
        }
    }
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
        out.push(classify_line(text, raw, format, &mut in_comment));
    }
    mark_footnotes(text, &mut out);
    out
}

/// The class of one line (`raw`, its terminator excluded), footnotes not told apart
/// yet (`mark_footnotes`); `in_comment` says whether an HTML comment is open at its
/// start, and is left saying whether one is open at its end.
fn classify_line(text: &str, raw: Span, format: SourceFormat, in_comment: &mut bool) -> Line {
    let s = raw.slice(text);
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    let content = Span::new(raw.start + lead, raw.start + lead + trimmed.len());
    let kind = if *in_comment {
        if trimmed.contains("-->") {
            *in_comment = false;
        }
        LineKind::Comment
    } else if trimmed.starts_with("<!--") {
        *in_comment = !trimmed.contains("-->");
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
    Line { kind, content }
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

#[cfg(test)]
mod tests;
