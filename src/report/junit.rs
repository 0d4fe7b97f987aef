//! JUnit XML: one testsuite per file, one testcase per rule with findings (its failure
//! lists every finding), and a passing testcase for a clean file.

use std::collections::BTreeMap;

use super::{Finding, Report};

/// Escapes text for XML attribute values and character data.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &Report) -> String {
    let total_cases: usize = report
        .files
        .iter()
        .map(|f| rules_of(&f.findings).len().max(1))
        .sum::<usize>()
        + report.failures.len();
    let total_failures: usize = report
        .files
        .iter()
        .map(|f| rules_of(&f.findings).len())
        .sum::<usize>();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"mandate-lint\" tests=\"{total_cases}\" failures=\"{total_failures}\" errors=\"{}\">\n",
        report.failures.len()
    ));
    for file in &report.files {
        let by_rule = rules_of(&file.findings);
        let path = escape_xml(&file.path);
        out.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
            by_rule.len().max(1),
            by_rule.len()
        ));
        if by_rule.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"mandate-lint\" classname=\"{path}\"/>\n"
            ));
        }
        for ((code, name), findings) in &by_rule {
            out.push_str(&format!(
                "    <testcase name=\"{} {}\" classname=\"{path}\">\n",
                escape_xml(code),
                escape_xml(name)
            ));
            let worst = findings
                .iter()
                .map(|f| f.diagnostic.severity)
                .max()
                .map_or("warning", |s| s.as_str());
            let first = findings
                .first()
                .map(|f| f.diagnostic.message.as_str())
                .unwrap_or("");
            let message = if findings.len() == 1 {
                first.to_string()
            } else {
                format!("{} findings; first: {first}", findings.len())
            };
            let mut body = String::new();
            for f in findings {
                let pos = file.position(f.diagnostic.span.start);
                body.push_str(&format!(
                    "{}:{}:{}: {}[{}] {}\n",
                    file.path,
                    pos.line,
                    pos.column,
                    f.diagnostic.severity.as_str(),
                    f.diagnostic.code,
                    f.diagnostic.message
                ));
                if let Some(help) = &f.diagnostic.help {
                    body.push_str(&format!("  help: {help}\n"));
                }
            }
            out.push_str(&format!(
                "      <failure type=\"{worst}\" message=\"{}\">{}</failure>\n",
                escape_xml(&message),
                escape_xml(&body)
            ));
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    for failure in &report.failures {
        let path = escape_xml(&failure.path);
        out.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase name=\"read\" classname=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>\n",
            escape_xml(&failure.message)
        ));
    }
    out.push_str("</testsuites>\n");
    out
}

/// Findings grouped by (code, name), in code order.
fn rules_of(findings: &[Finding]) -> BTreeMap<(String, String), Vec<&Finding>> {
    let mut map: BTreeMap<(String, String), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        map.entry((f.diagnostic.code.to_string(), f.diagnostic.name.to_string()))
            .or_default()
            .push(f);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape_xml("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{fffd}"
        );
    }
}
