//! Fingerprints that identify a finding across edits elsewhere in the file: SARIF
//! `partialFingerprints` and baselines both use them.
//!
//! A fingerprint hashes the rule code, the flagged clause's normalised text (not its
//! number, which shifts when a paragraph is inserted above) and the flagged text,
//! plus a counter that tells apart identical findings in the same file.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::model::Document;

/// Version tag used as the SARIF `partialFingerprints` key; bump when the recipe changes.
pub const FINGERPRINT_KEY: &str = "mandateLint/v1";

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Lower-cased with whitespace runs folded, so re-wrapping a paragraph keeps its key.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The content a finding is keyed on.
fn content_key(doc: &Document, d: &Diagnostic) -> String {
    let clause = d
        .clause_ref
        .as_deref()
        .and_then(|r| doc.clause_by_ref(r))
        .map(|(_, c)| c)
        .or_else(|| {
            if d.span.is_empty() {
                None
            } else {
                doc.clause_at(d.span.start).and_then(|i| doc.clauses.get(i))
            }
        });
    let clause_text = clause.map(|c| fold(&c.norm.text)).unwrap_or_default();
    let flagged = fold(d.span.slice(&doc.text));
    if clause_text.is_empty() && flagged.is_empty() {
        // A document-level finding (something missing): its message is all there is.
        return format!("{}\u{0}{}", d.code, fold(&d.message));
    }
    format!("{}\u{0}{}\u{0}{}", d.code, clause_text, flagged)
}

/// One fingerprint per diagnostic, in the same order: 16 hex digits, then `:` and the
/// occurrence number of that key in the file.
pub fn fingerprints(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let hash = fnv1a(content_key(doc, d).as_bytes());
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
