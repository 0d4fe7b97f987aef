//! GitHub Actions workflow commands: one annotation per finding.
//! `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=DSR006 no-civilian-oversight::message`

use super::Report;
use crate::diagnostic::Severity;

/// Escapes the message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        for f in &file.findings {
            let d = &f.diagnostic;
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (start, end) = file.range(d.span);
            let mut message = d.message.to_string();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&file.path),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("{} {}", d.code, d.name)),
                escape_data(&message)
            ));
        }
    }
    for failure in &report.failures {
        out.push_str(&format!(
            "::error file={},title=mandate-lint::{}\n",
            escape_property(&failure.path),
            escape_data(&failure.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_properties_and_data() {
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(escape_data("x: y, z\r\n"), "x: y, z%0D%0A");
    }
}
