//! What the server last published for a document, kept as JSON. On a keystroke nearly
//! every finding is what it was — same message, same line and column — and serialising
//! them all again (each message carries its help and notes, a quarter of a megabyte of
//! escaped text on a long draft) was a tenth of the server's work. A finding whose
//! protocol diagnostic would be the same (`features::same_lsp_diagnostic`) is written
//! with the bytes published last time; the notification is framed around the pieces.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::FxHasher;
use tower_lsp_server::ls_types::{Range, Uri};

use crate::diagnostic::{Diagnostic, Severity};
use crate::Checked;

use super::convert::Positions;
use super::features::{placed_lsp_diagnostic, same_lsp_diagnostic, visible_indexed, Placed};

/// One document's last publication.
#[derive(Default)]
pub(super) struct Published {
    /// The document the pieces name in their related locations.
    uri: Option<Uri>,
    /// The check they were made from (the one the document's cache holds: no copy).
    checked: Option<Arc<Checked>>,
    /// One per published finding, in publication order.
    pieces: Vec<Piece>,
    /// Each piece's hash and index, sorted (sorting the pieces themselves moved them
    /// about a dozen times each on a long draft, on every keystroke).
    by_hash: Vec<(u64, usize)>,
    /// How many findings of the last publication were written with reused JSON.
    reused: usize,
}

struct Piece {
    hash: u64,
    /// The finding, in `checked.diagnostics`.
    index: usize,
    placed: Placed,
    /// Its protocol diagnostic as JSON; taken when a later publication reuses it.
    json: Option<Vec<u8>>,
}

impl Published {
    /// The framed `textDocument/publishDiagnostics` notification of `checked`'s findings
    /// at or above `threshold`, the same bytes `transport::notification_frame` makes of
    /// the typed parameters, reusing the JSON of findings published last time. The
    /// publication is remembered for the next one; the check it replaces is returned,
    /// for the caller to free off the async threads.
    pub(super) fn frame(
        &mut self,
        checked: &Arc<Checked>,
        threshold: Severity,
        pos: &Positions,
        uri: &Uri,
        version: Option<i32>,
    ) -> serde_json::Result<(Vec<u8>, Option<Arc<Checked>>)> {
        if self.uri.as_ref() != Some(uri) {
            self.pieces.clear();
            self.by_hash.clear();
            self.uri = Some(uri.clone());
        }
        let mut pieces = Vec::with_capacity(checked.diagnostics.len());
        self.reused = 0;
        for (index, d) in visible_indexed(&checked.diagnostics, threshold) {
            let placed = Placed::of(d, pos);
            let hash = key(d, &placed);
            let json = match self.reuse(hash, d, &placed) {
                Some(json) => {
                    self.reused += 1;
                    json
                }
                None => serde_json::to_vec(&placed_lsp_diagnostic(d, &placed, uri))?,
            };
            pieces.push(Piece {
                hash,
                index,
                placed,
                json: Some(json),
            });
        }
        let frame = notification(uri, &pieces, version)?;
        self.by_hash.clear();
        self.by_hash
            .extend(pieces.iter().enumerate().map(|(i, p)| (p.hash, i)));
        self.by_hash.sort_unstable();
        self.pieces = pieces;
        let replaced = self.checked.replace(Arc::clone(checked));
        Ok((frame, replaced))
    }

    /// The JSON last published for a finding the same as `d` placed at `placed`.
    fn reuse(&mut self, hash: u64, d: &Diagnostic, placed: &Placed) -> Option<Vec<u8>> {
        let checked = self.checked.as_ref()?;
        let from = self.by_hash.partition_point(|&(h, _)| h < hash);
        let pieces = &self.pieces;
        let at =
            self.by_hash
                .get(from..)?
                .iter()
                .take_while(|&&(h, _)| h == hash)
                .map(|&(_, at)| at)
                .find(|&at| {
                    pieces.get(at).is_some_and(|p| {
                        p.json.is_some()
                            && checked.diagnostics.get(p.index).is_some_and(|old| {
                                same_lsp_diagnostic((old, &p.placed), (d, placed))
                            })
                    })
                })?;
        self.pieces.get_mut(at)?.json.take()
    }
}

/// What findings are looked up by: enough to tell nearly all of them apart (their
/// place and rule do) without reading their messages, which `same_lsp_diagnostic`
/// compares for the few that share a key.
fn key(d: &Diagnostic, placed: &Placed) -> u64 {
    let mut h = FxHasher::default();
    d.code.hash(&mut h);
    d.message.len().hash(&mut h);
    d.clause_ref.hash(&mut h);
    hash_range(&placed.range, &mut h);
    placed.related.len().hash(&mut h);
    h.finish()
}

fn hash_range(r: &Range, h: &mut FxHasher) {
    [r.start.line, r.start.character, r.end.line, r.end.character].hash(h);
}

/// `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{…}}` with the
/// pieces as the diagnostics, framed: written once, straight after its header (the body
/// is a quarter of a megabyte on a long draft; framing a finished body copied it again).
fn notification(uri: &Uri, pieces: &[Piece], version: Option<i32>) -> serde_json::Result<Vec<u8>> {
    const HEAD: &[u8] =
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#;
    const DIAGNOSTICS: &[u8] = br#","diagnostics":["#;
    const VERSION: &[u8] = br#","version":"#;
    let uri = serde_json::to_vec(uri)?;
    let version = version.map(|v| v.to_string());
    let jsons = || pieces.iter().filter_map(|p| p.json.as_deref());
    let length = HEAD.len()
        + uri.len()
        + DIAGNOSTICS.len()
        + jsons()
            .map(|j| j.len() + 1)
            .sum::<usize>()
            .saturating_sub(1)
        + 1
        + version.as_ref().map_or(0, |v| VERSION.len() + v.len())
        + 2;
    let header = format!("Content-Length: {length}\r\n\r\n");
    let mut out = Vec::with_capacity(header.len() + length);
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(HEAD);
    out.extend_from_slice(&uri);
    out.extend_from_slice(DIAGNOSTICS);
    for (n, json) in jsons().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(json);
    }
    out.push(b']');
    if let Some(version) = version {
        out.extend_from_slice(VERSION);
        out.extend_from_slice(version.as_bytes());
    }
    out.extend_from_slice(b"}}");
    debug_assert_eq!(out.len(), header.len() + length);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;
    use std::sync::Arc;

    use serde_json::Value;
    use smol_str::{format_smolstr, SmolStr};
    use tower_lsp_server::ls_types::{notification, PublishDiagnosticsParams, Uri};

    use super::super::convert::Positions;
    use super::super::features::{
        placed_lsp_diagnostic, same_lsp_diagnostic, to_lsp_diagnostic, Placed,
    };
    use super::super::transport;
    use super::Published;
    use crate::diagnostic::{Diagnostic, FindingItem, RelatedSpan, Severity, Suggestion};
    use crate::model::SourceFormat;
    use crate::span::{ColumnUnit, Span};
    use crate::{CheckOptions, Checked, Engine};

    const URI: &str = "file:///tmp/published/draft.txt";

    fn checked(engine: &Engine, text: &str) -> Arc<Checked> {
        Arc::new(engine.check(
            text.to_string(),
            SourceFormat::Text,
            &CheckOptions::default(),
        ))
    }

    /// The notification `transport::notification_frame` makes of the typed parameters.
    fn typed_frame(checked: &Checked, uri: &Uri, version: Option<i32>) -> Value {
        use tower_lsp_server::ls_types::notification::Notification;
        let pos = Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16);
        let diagnostics = checked
            .diagnostics
            .iter()
            .map(|d| to_lsp_diagnostic(d, &pos, uri))
            .collect();
        let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, version);
        let frame =
            transport::notification_frame(notification::PublishDiagnostics::METHOD, &params)
                .expect("serialised");
        body(&frame)
    }

    /// The message of a frame, whose header must give its length.
    fn body(frame: &[u8]) -> Value {
        let text = std::str::from_utf8(frame).expect("UTF-8");
        let (header, json) = text.split_once("\r\n\r\n").expect("framed");
        assert_eq!(header, format!("Content-Length: {}", json.len()));
        serde_json::from_str(json).expect("JSON")
    }

    fn framed(published: &mut Published, checked: &Arc<Checked>, uri: &Uri) -> Value {
        let pos = Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16);
        let (frame, _) = published
            .frame(checked, Severity::Info, &pos, uri, Some(7))
            .expect("framed");
        body(&frame)
    }

    /// Publications of edited drafts, one after the other through one `Published`, are
    /// the notifications of the typed parameters, and pieces were reused.
    #[test]
    fn reused_pieces_make_the_notification_of_the_typed_parameters() {
        let engine = Engine::embedded().expect("embedded rules");
        let uri = Uri::from_str(URI).expect("URI");
        let draft = include_str!("../../fixtures/mission-renewal-gaps.txt");
        // Each edit on the text the one before left: typing next to "—", "é" and curly
        // quotes, deleting it, a paragraph added (moving the lines after it) and removed.
        let typed = draft.replacen("technical assistance", "technical — é “x” assistance", 1);
        let added = typed.replacen(
            "\n5. Decides",
            "\n5. Calls upon UNISMV to train the police;\n\n5. Decides",
            1,
        );
        let edits = [
            draft.to_string(),
            typed.clone(),
            added,
            typed,
            draft.to_string(),
        ];
        let mut published = Published::default();
        let mut findings = Vec::new();
        for text in &edits {
            let checked = checked(&engine, text);
            assert!(checked.diagnostics.len() >= 5, "{text}");
            let ours = framed(&mut published, &checked, &uri);
            assert_eq!(ours, typed_frame(&checked, &uri, Some(7)), "{text}");
            findings.push((checked.diagnostics.len(), published.reused));
        }
        // Nothing to reuse at first; then the findings an edit did not change or move.
        assert_eq!(findings.first().map(|f| f.1), Some(0));
        let later = findings.iter().skip(1);
        assert!(later.clone().all(|&(_, reused)| reused > 0), "{findings:?}");
        assert!(
            later.clone().any(|&(total, reused)| reused < total),
            "{findings:?}"
        );
        // Publishing the same check again reuses every piece; another document's
        // pieces (whose related locations name it) are not reused.
        let checked = checked(&engine, draft);
        framed(&mut published, &checked, &uri);
        assert_eq!(published.reused, checked.diagnostics.len());
        let other = Uri::from_str("file:///tmp/published/other.txt").expect("URI");
        framed(&mut published, &checked, &other);
        assert_eq!(published.reused, 0);
    }

    /// A change to a finding, named.
    type Change = (&'static str, fn(&mut Diagnostic));

    /// `text` with its last character changed: the same length, so only a comparison of
    /// the text itself tells them apart (the strings here are long enough to be shared
    /// on clone, as a kept finding's are).
    fn same_length(text: &str) -> SmolStr {
        // The test's strings end in ASCII.
        let kept = text.get(..text.len() - 1).unwrap_or_default();
        let last = if text.ends_with('!') { '?' } else { '!' };
        format_smolstr!("{kept}{last}")
    }

    /// A finding differing in any field the protocol diagnostic shows is not the same;
    /// one differing only in what it does not show is.
    #[test]
    fn same_lsp_diagnostic_compares_what_the_protocol_shows() {
        let text = "1. Requests the mission — “é” — to train the armed forces;\n";
        let lines = crate::span::LineIndex::new(text);
        let pos = Positions::new(text, &lines, ColumnUnit::Utf16);
        let uri = Uri::from_str(URI).expect("URI");
        let mut base = Diagnostic::new(
            "DSR010",
            "training-without-institution-building",
            Severity::Warning,
            "DSR task 1 trains the armed forces, with no institution building".to_string(),
            Span::new(3, 11),
        );
        base.help = Some("Link the training to the institutions it serves".into());
        base.notes
            .push("found: training of the armed forces".into());
        base.clause_ref = Some("1".into());
        base.related.push(RelatedSpan {
            span: Span::new(14, 25),
            message: "DSR task in paragraph 1 of the draft".into(),
            clause_ref: Some("1".into()),
        });
        let shown: Vec<Change> = vec![
            ("code", |d| d.code = format_smolstr!("{}X", d.code)),
            ("name", |d| d.name = format_smolstr!("{}x", d.name)),
            ("severity", |d| d.severity = Severity::Error),
            ("message", |d| d.message = format_smolstr!("{}.", d.message)),
            ("message, same length", |d| {
                d.message = same_length(&d.message)
            }),
            ("help", |d| d.help = None),
            ("help, same length", |d| {
                d.help = d.help.as_deref().map(same_length)
            }),
            ("note, same length", |d| {
                if let Some(n) = d.notes.first_mut() {
                    *n = same_length(n);
                }
            }),
            ("notes", |d| d.notes.push("more".into())),
            ("clause", |d| d.clause_ref = Some("2".into())),
            ("span", |d| d.span = Span::new(3, 12)),
            ("related span", |d| {
                if let Some(r) = d.related.first_mut() {
                    r.span = Span::new(15, 25);
                }
            }),
            ("related message", |d| {
                if let Some(r) = d.related.first_mut() {
                    r.message = format_smolstr!("{}.", r.message);
                }
            }),
            ("related message, same length", |d| {
                if let Some(r) = d.related.first_mut() {
                    r.message = same_length(&r.message);
                }
            }),
            ("related added", |d| {
                d.related.push(RelatedSpan {
                    span: Span::new(0, 1),
                    message: SmolStr::default(),
                    clause_ref: None,
                })
            }),
        ];
        let lsp = |d: &Diagnostic| {
            serde_json::to_value(placed_lsp_diagnostic(d, &Placed::of(d, &pos), &uri))
                .expect("serialised")
        };
        let unshown: Vec<Change> = vec![
            ("suggestion", |d| {
                d.suggestion = Some(Suggestion {
                    title: "Insert".into(),
                    text: "x".into(),
                    span: Span::empty(0),
                })
            }),
            ("items", |d| {
                d.items.push(FindingItem {
                    id: "gender".to_string(),
                    label: "gender".to_string(),
                })
            }),
            ("merged message", |d| {
                d.merged_message = Some("{items}".into())
            }),
            ("related clause", |d| {
                if let Some(r) = d.related.first_mut() {
                    r.clause_ref = None;
                }
            }),
        ];
        let placed_base = Placed::of(&base, &pos);
        for (changes, shown) in [(shown, true), (unshown, false)] {
            for (field, change) in changes {
                let mut other = base.clone();
                change(&mut other);
                assert_eq!(lsp(&other) != lsp(&base), shown, "{field}: shown {shown}");
                let placed = Placed::of(&other, &pos);
                let same = same_lsp_diagnostic((&base, &placed_base), (&other, &placed));
                assert_eq!(same, !shown, "{field}");
            }
        }
    }
}
