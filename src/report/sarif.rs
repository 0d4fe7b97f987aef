//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! Columns are counted in Unicode code points (`columnKind: unicodeCodePoints`);
//! regions also carry exact byte offsets. `partialFingerprints` come from
//! [`super::fingerprint`], so a finding keeps its identity when lines shift.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::fingerprint::FINGERPRINT_KEY;
use super::{FileReport, Report, RuleInfo};
use crate::diagnostic::Severity;
use crate::span::Span;

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: forward slashes, reserved characters escaped.
pub fn path_to_uri(path: &str) -> String {
    if path == "<stdin>" {
        return "stdin".into();
    }
    let mut out = String::new();
    for c in path.replace('\\', "/").trim_start_matches("./").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

fn rule_json(rule: &RuleInfo) -> Value {
    let mut markdown = format!("**{} {}**\n\n{}\n", rule.code, rule.name, rule.rationale);
    if !rule.source.is_empty() {
        markdown.push_str(&format!("\nSource: {}\n", rule.source));
    }
    if !rule.help.is_empty() {
        markdown.push_str(&format!("\n**What to write:** {}\n", rule.help));
    }
    if let Some(clause) = &rule.suggested_clause {
        markdown.push_str(&format!("\nSuggested clause:\n\n> {clause}\n"));
    }
    let mut text = rule.help.clone();
    if !rule.source.is_empty() {
        text.push_str(&format!(
            " (Source: {}.)",
            rule.source.trim_end_matches('.')
        ));
    }
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.one_line() },
        "fullDescription": { "text": if rule.rationale.is_empty() { rule.one_line() } else { rule.rationale.clone() } },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(rule.severity), "enabled": rule.enabled },
        "properties": {
            "tags": [if rule.code.starts_with("DSR") { "defence-sector-reform" } else { "drafting" }],
            "source": rule.source,
        },
    })
}

fn region(file: &FileReport, span: Span) -> Value {
    let (start, end) = file.range(span);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "byteOffset": span.start,
        "byteLength": span.len(),
    })
}

pub fn render(report: &Report) -> String {
    // The rule list: the catalogue, plus any code that fired without metadata.
    let mut rules: Vec<RuleInfo> = report.rules.clone();
    for f in report.files.iter().flat_map(|f| &f.findings) {
        if !rules.iter().any(|r| r.code == f.diagnostic.code) {
            rules.push(RuleInfo {
                code: f.diagnostic.code.to_string(),
                name: f.diagnostic.name.to_string(),
                severity: f.diagnostic.severity,
                summary: f.diagnostic.name.to_string(),
                rationale: String::new(),
                source: String::new(),
                help: String::new(),
                suggested_clause: None,
                examples: Vec::new(),
                enabled: true,
            });
        }
    }
    let index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.as_str(), i))
        .collect();

    let artifacts: Vec<Value> = report
        .files
        .iter()
        .map(|f| json!({ "location": { "uri": path_to_uri(&f.path) }, "length": f.text.len() }))
        .collect();

    let mut results = Vec::new();
    for (artifact_index, file) in report.files.iter().enumerate() {
        let uri = path_to_uri(&file.path);
        for f in &file.findings {
            let d = &f.diagnostic;
            let mut message = d.message.to_string();
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            for note in &d.notes {
                message.push_str(&format!("\nnote: {note}"));
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": index.get(d.code.as_str()).copied().unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri, "index": artifact_index },
                        "region": region(file, d.span),
                    }
                }],
                "partialFingerprints": { FINGERPRINT_KEY: f.fingerprint },
            });
            if let Some(obj) = result.as_object_mut() {
                if let Some(clause) = &d.clause_ref {
                    obj.insert("properties".into(), json!({ "clause": clause }));
                }
                if !d.related.is_empty() {
                    let related: Vec<Value> = d
                        .related
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            json!({
                                "id": i,
                                "message": { "text": r.message },
                                "physicalLocation": {
                                    "artifactLocation": { "uri": uri, "index": artifact_index },
                                    "region": region(file, r.span),
                                }
                            })
                        })
                        .collect();
                    obj.insert("relatedLocations".into(), Value::Array(related));
                }
                // The rule's own suggested clause, then the agreed language that
                // fills the same gap (its description cites the resolution).
                let fixes: Vec<Value> = d
                    .suggestion
                    .iter()
                    .chain(d.precedent.as_ref().map(|p| &p.suggestion))
                    .map(|s| {
                        json!({
                            "description": { "text": s.title },
                            "artifactChanges": [{
                                "artifactLocation": { "uri": uri, "index": artifact_index },
                                "replacements": [{
                                    "deletedRegion": region(file, s.span),
                                    "insertedContent": { "text": s.text },
                                }]
                            }]
                        })
                    })
                    .collect();
                if !fixes.is_empty() {
                    obj.insert("fixes".into(), Value::Array(fixes));
                }
            }
            results.push(result);
        }
    }

    let notifications: Vec<Value> = report
        .failures
        .iter()
        .map(|f| {
            json!({
                "level": "error",
                "message": { "text": f.message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": path_to_uri(&f.path) } } }],
            })
        })
        .collect();

    let sarif = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(rule_json).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
            "invocations": [{
                "executionSuccessful": report.failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        }]
    });
    let mut s =
        serde_json::to_string_pretty(&sarif).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_ellipses() {
        let rule = RuleInfo {
            code: "X001".into(),
            name: "x".into(),
            severity: Severity::Info,
            summary: "DSR task {clause} is {how} to {previous}".into(),
            rationale: String::new(),
            source: String::new(),
            help: String::new(),
            suggested_clause: None,
            examples: Vec::new(),
            enabled: true,
        };
        assert_eq!(rule.one_line(), "DSR task … is … to …");
    }

    #[test]
    fn uris_are_escaped_relative_references() {
        assert_eq!(
            path_to_uri("./drafts\\my draft#1.txt"),
            "drafts/my%20draft%231.txt"
        );
        assert_eq!(path_to_uri("é.txt"), "%C3%A9.txt");
    }
}
