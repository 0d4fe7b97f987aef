//! One line per finding: `path:line:col: severity[CODE] message`.

use super::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        for f in &file.findings {
            let d = &f.diagnostic;
            let pos = file.position(d.span.start);
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                file.path,
                pos.line,
                pos.column,
                d.severity.as_str(),
                d.code,
                d.message
            ));
        }
    }
    out
}
