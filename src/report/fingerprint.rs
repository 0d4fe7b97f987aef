//! Fingerprints that identify a finding across edits elsewhere in the file: SARIF
//! `partialFingerprints` and baselines both use them.
//!
//! A fingerprint hashes the rule code, the flagged clause's normalised text (not its
//! number, which shifts when a paragraph is inserted above) and the flagged text,
//! plus a counter that tells apart identical findings in the same file.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::model::Document;
use crate::text::single_spaced;

/// Version tag used as the SARIF `partialFingerprints` key; bump when the recipe changes.
pub const FINGERPRINT_KEY: &str = "mandateLint/v1";

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
/// Fed in pieces, so that a long clause is hashed once for all its findings.
#[derive(Clone, Copy)]
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(mut self, bytes: &[u8]) -> Fnv1a {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }
}

#[cfg(test)]
fn fnv1a(bytes: &[u8]) -> u64 {
    Fnv1a::new().write(bytes).0
}

/// Lower-cased with whitespace runs folded, so re-wrapping a paragraph keeps its key.
fn fold(text: &str) -> String {
    single_spaced(text).to_lowercase()
}

/// Hashes findings on their content: `code \0 clause text \0 flagged text`, or
/// `code \0 message` for a document-level finding with neither.
struct Hasher<'a> {
    doc: &'a Document,
    /// Clause reference → index, looked up once per finding (a draft with 100,000
    /// paragraphs has as many findings: no scan of every clause for each).
    by_ref: HashMap<&'a str, usize>,
    /// (code, clause) → the hash of `code \0 clause text`, and whether that text is
    /// empty: a long clause with many findings is folded and hashed once.
    prefixes: HashMap<(&'a str, Option<usize>), (Fnv1a, bool)>,
}

impl<'a> Hasher<'a> {
    fn new(doc: &'a Document) -> Hasher<'a> {
        let mut by_ref = HashMap::new();
        for (i, c) in doc.clauses.iter().enumerate() {
            by_ref.entry(c.reference.as_str()).or_insert(i);
        }
        Hasher {
            doc,
            by_ref,
            prefixes: HashMap::new(),
        }
    }

    /// The clause a finding is about: by its reference, else the innermost clause
    /// holding its span.
    fn clause_of(&self, d: &Diagnostic) -> Option<usize> {
        d.clause_ref
            .as_deref()
            .and_then(|r| self.by_ref.get(r).copied())
            .or_else(|| {
                (!d.span.is_empty())
                    .then(|| self.doc.clause_at(d.span.start))
                    .flatten()
            })
    }

    fn hash(&mut self, d: &'a Diagnostic) -> u64 {
        let clause = self.clause_of(d);
        let doc = self.doc;
        let (prefix, clause_empty) = *self
            .prefixes
            .entry((d.code.as_str(), clause))
            .or_insert_with(|| {
                let text = clause
                    .and_then(|i| doc.clauses.get(i))
                    .map(|c| fold(&c.norm.text))
                    .unwrap_or_default();
                let h = Fnv1a::new()
                    .write(d.code.as_bytes())
                    .write(b"\0")
                    .write(text.as_bytes());
                (h, text.is_empty())
            });
        let flagged = fold(d.span.slice(&doc.text));
        if clause_empty && flagged.is_empty() {
            // A document-level finding (something missing): its message is all there is.
            return Fnv1a::new()
                .write(d.code.as_bytes())
                .write(b"\0")
                .write(fold(&d.message).as_bytes())
                .0;
        }
        prefix.write(b"\0").write(flagged.as_bytes()).0
    }
}

/// One fingerprint per diagnostic, in the same order: 16 hex digits, then `:` and the
/// occurrence number of that key in the file.
pub fn fingerprints(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut hasher = Hasher::new(doc);
    let mut seen: HashMap<u64, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let hash = hasher.hash(d);
            let n = seen.entry(hash).or_insert(0);
            let fp = format!("{hash:016x}:{n}");
            *n += 1;
            fp
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::model::SourceFormat;
    use crate::span::Span;

    #[test]
    fn stable_when_text_moves_down() {
        let a = "1. Requests the Mission to train the army;\n";
        let b = "Recalling its earlier decisions,\n\n1. Requests the Mission to train the army;\n";
        let mk = |text: &str| {
            let at = text.find("train").unwrap_or(0);
            Diagnostic::new(
                "DSR010",
                "t",
                Severity::Warning,
                "m".into(),
                Span::new(at, at + 15),
            )
        };
        let da = crate::parse::parse(a.into(), SourceFormat::Text);
        let db = crate::parse::parse(b.into(), SourceFormat::Text);
        let fa = fingerprints(&da, &[mk(a), mk(a)]);
        let fb = fingerprints(&db, &[mk(b)]);
        assert_eq!(fa.first(), fb.first());
        assert_ne!(
            fa.first(),
            fa.get(1),
            "the counter separates identical findings"
        );
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
