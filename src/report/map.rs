//! Rendering of the DCAF coding table (`mandate-lint map`): CSV, JSON, Markdown and a
//! self-contained HTML page. The table itself is computed in `mandates::map`.

use crate::mandates::diff::{excerpt, md_cell};
use crate::mandates::map::By;
use crate::mandates::map::{MapReport, Row};

/// CSV: one line per row, one column per resolution or mission; a cell holds the
/// number of DSR clauses behind the tick (empty: no tick).
pub fn render_csv(m: &MapReport) -> String {
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut header = vec!["group".to_string(), "row".to_string()];
    header.extend(m.columns.iter().map(|c| c.label.clone()));
    records.push(header);
    for row in Row::all() {
        let mut line = vec![row.group().to_string(), row.title()];
        for c in &m.columns {
            let n = c.cells.get(&row.slug()).map_or(0, Vec::len);
            line.push(if n == 0 { String::new() } else { n.to_string() });
        }
        records.push(line);
    }
    let mut tasks = vec!["summary".to_string(), "DSR tasks".to_string()];
    tasks.extend(m.columns.iter().map(|c| c.dsr_tasks.to_string()));
    records.push(tasks);
    let mut comp = vec!["summary".to_string(), "Comprehensive".to_string()];
    comp.extend(
        m.columns
            .iter()
            .map(|c| if c.comprehensive { "yes" } else { "no" }.to_string()),
    );
    records.push(comp);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for record in &records {
        // Writing to memory cannot fail short of allocation failure.
        let _ = writer.write_record(record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

pub fn render_json(m: &MapReport) -> String {
    let mut s =
        serde_json::to_string_pretty(m).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

pub fn render_markdown(m: &MapReport) -> String {
    let mut out = String::new();
    out.push_str("| | |");
    for c in &m.columns {
        out.push_str(&format!(" {} |", md_cell(&c.label)));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(m.columns.len()));
    out.push('\n');
    let mut last_group = "";
    for row in Row::all() {
        let group = if row.group() == last_group {
            ""
        } else {
            row.group()
        };
        last_group = row.group();
        out.push_str(&format!("| {} | {} |", group, md_cell(&row.title())));
        for c in &m.columns {
            out.push_str(if c.ticked(row) { " ✓ |" } else { " |" });
        }
        out.push('\n');
    }
    out.push_str("| | DSR tasks |");
    for c in &m.columns {
        out.push_str(&format!(" {} |", c.dsr_tasks));
    }
    out.push_str("\n| | **Comprehensive** |");
    for c in &m.columns {
        out.push_str(if c.comprehensive {
            " **yes** |"
        } else {
            " no |"
        });
    }
    out.push('\n');
    out
}

pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Anchor id of a cell: "cell-3-category-governance-oversight".
fn cell_id(col: usize, row: Row) -> String {
    format!("cell-{col}-{}", row.slug().replace(':', "-"))
}

const CSS: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:2rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.4rem;margin:0 0 .3rem}
p.lead{margin:0 0 1.2rem;color:#444;max-width:60rem}
.scroll{overflow-x:auto}
table.grid{border-collapse:collapse;font-size:.85rem}
.grid th,.grid td{border:1px solid #b9c4cf;padding:.25rem .45rem}
.grid thead th{background:#0b3d66;color:#fff;font-weight:600;vertical-align:bottom;min-width:4.5rem}
.grid th.group{background:#e6edf3;writing-mode:vertical-rl;transform:rotate(180deg);text-align:center;font-weight:600;white-space:nowrap}
.grid th.row{text-align:left;font-weight:normal;background:#f7f9fb;max-width:22rem}
.grid th.row.ns{font-style:italic;color:#555}
.grid td{text-align:center;min-width:2.5rem}
.grid td a{color:#0b6e2e;text-decoration:none;font-weight:700;font-size:1.05rem;display:block}
.grid td a:hover{background:#dff3e5}
.grid tr.sep td,.grid tr.sep th{border-top:2px solid #0b3d66}
.grid tr.summary th{background:#e6edf3;text-align:left}
td.yes{background:#cdebd6;font-weight:700}
td.no{color:#8a1c1c}
section.cell,li.ev{scroll-margin-top:1rem}
section.cell{border-left:4px solid #b9c4cf;padding:.2rem .8rem;margin:.8rem 0}
section.cell:target,li.ev:target{background:#fff6cf;border-left-color:#d9a400}
section.cell h3{font-size:.95rem;margin:.2rem 0}
ol.evidence{padding-left:1.5rem}
li.ev{margin:.5rem 0}
.ref{font-weight:700}
.file{color:#555;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem}
.text{display:block;margin-top:.15rem}
.why{color:#8a1c1c;font-size:.8rem}
footer{margin-top:2rem;color:#555;font-size:.8rem}
";

/// One self-contained page: the grid of ticks, each linking to the clauses behind it
/// (inline CSS, no scripts, nothing fetched).
pub fn render_html(m: &MapReport) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>DSR mandates mapping</title>\n<style>");
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n");
    let by = match m.by {
        By::Resolution => "resolution",
        By::Mission => "mission",
    };
    h.push_str("<h1>Defence sector reform in Security Council mandates</h1>\n");
    h.push_str(&format!(
        "<p class=\"lead\">{} resolution{}, one column per {by}, coded as in DCAF 2020 \
         (Annex, Tables 1–2). A tick means at least one operative DSR clause has the \
         feature; click it for the clauses. Comprehensive = four or more categories, \
         political and technical elements, strategic and operational level (DCAF 2020, \
         para. 11 and note 17).</p>\n",
        m.inputs.len(),
        if m.inputs.len() == 1 { "" } else { "s" }
    ));
    h.push_str("<div class=\"scroll\"><table class=\"grid\">\n<thead><tr><th colspan=\"2\"></th>");
    for c in &m.columns {
        h.push_str(&format!("<th scope=\"col\">{}</th>", html_escape(&c.label)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let rows = Row::all();
    let mut last_group = "";
    for row in &rows {
        let first_of_group = row.group() != last_group;
        last_group = row.group();
        h.push_str(if first_of_group {
            "<tr class=\"sep\">"
        } else {
            "<tr>"
        });
        if first_of_group {
            let span = rows.iter().filter(|r| r.group() == row.group()).count();
            h.push_str(&format!(
                "<th class=\"group\" rowspan=\"{span}\" scope=\"rowgroup\">{}</th>",
                html_escape(row.group())
            ));
        }
        let ns = matches!(
            row,
            Row::CategoryNotSpecified
                | Row::EngagementNotSpecified
                | Row::LevelNotSpecified
                | Row::ActorNotSpecified
        );
        h.push_str(&format!(
            "<th class=\"row{}\" scope=\"row\">{}</th>",
            if ns { " ns" } else { "" },
            html_escape(&row.title())
        ));
        for (ci, c) in m.columns.iter().enumerate() {
            match c.cells.get(&row.slug()).filter(|v| !v.is_empty()) {
                Some(ev) => h.push_str(&format!(
                    "<td><a href=\"#{}\" title=\"{} clause{}\">✓</a></td>",
                    cell_id(ci, *row),
                    ev.len(),
                    if ev.len() == 1 { "" } else { "s" }
                )),
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("<tr class=\"sep summary\"><th colspan=\"2\">DSR tasks</th>");
    for c in &m.columns {
        h.push_str(&format!("<td>{}</td>", c.dsr_tasks));
    }
    h.push_str("</tr>\n<tr class=\"summary\"><th colspan=\"2\">Comprehensive</th>");
    for c in &m.columns {
        if c.comprehensive {
            h.push_str("<td class=\"yes\">yes</td>");
        } else {
            h.push_str(&format!(
                "<td class=\"no\" title=\"{}\">no</td>",
                html_escape(&c.missing.join("; "))
            ));
        }
    }
    h.push_str("</tr>\n</tbody></table></div>\n");

    h.push_str("<h2>Clauses behind each tick</h2>\n");
    for (ci, c) in m.columns.iter().enumerate() {
        for row in &rows {
            let Some(ev) = c.cells.get(&row.slug()).filter(|v| !v.is_empty()) else {
                continue;
            };
            h.push_str(&format!(
                "<section class=\"cell\" id=\"{}\"><h3>{} — {}: {}</h3><ul>\n",
                cell_id(ci, *row),
                html_escape(&c.label),
                html_escape(row.group()),
                html_escape(&row.title())
            ));
            for &e in ev {
                let Some(item) = m.evidence.get(e) else {
                    continue;
                };
                let file = m.inputs.get(item.input).map_or("", |i| i.file.as_str());
                h.push_str(&format!(
                    "<li><a href=\"#ev-{e}\"><span class=\"ref\">{}</span></a> <span class=\"file\">{}</span> {}</li>\n",
                    html_escape(&item.reference),
                    html_escape(file),
                    html_escape(&excerpt(&item.text, 140))
                ));
            }
            h.push_str("</ul></section>\n");
        }
        if !c.comprehensive && c.dsr_tasks > 0 {
            h.push_str(&format!(
                "<p class=\"why\">{} is not comprehensive: {}.</p>\n",
                html_escape(&c.label),
                html_escape(&c.missing.join("; "))
            ));
        }
    }

    h.push_str("<h2>DSR clauses</h2>\n<ol class=\"evidence\">\n");
    for (e, item) in m.evidence.iter().enumerate() {
        let info = m.inputs.get(item.input);
        h.push_str(&format!(
            "<li class=\"ev\" id=\"ev-{e}\"><span class=\"ref\">{} para. {}</span> <span class=\"file\">{}</span><span class=\"text\">{}</span></li>\n",
            html_escape(info.map_or("", |i| i.resolution.as_str())),
            html_escape(&item.reference),
            html_escape(info.map_or("", |i| i.file.as_str())),
            html_escape(&item.text)
        ));
    }
    h.push_str(
        "</ol>\n<footer>Generated by mandate-lint map. Coding is automatic \
                (lexicon-based) and meant to be checked against the clauses listed.</footer>\n",
    );
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escape_covers_markup_and_attributes() {
        assert_eq!(
            html_escape("<a href=\"x\">&"),
            "&lt;a href=&quot;x&quot;&gt;&amp;"
        );
    }
}
