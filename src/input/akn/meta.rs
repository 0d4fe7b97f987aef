//! The end of the walk: the document's metadata (`<meta>`: symbol, date, outcome) and
//! the rendered result, with the footnotes appended and the outline built.

use super::super::origin::Locator;
use super::super::xml::Ev;
use super::super::Rendered;
use super::outline;
use super::Walker;
use crate::span::Span;
use crate::text::single_spaced;

impl Walker<'_> {
    /// Reads `<meta>` (already started) for the symbol, date and outcome.
    pub(super) fn read_meta(&mut self) -> Result<(), String> {
        let base = self.s.open_elements().len();
        let mut in_work = false;
        let mut alias_symbol: Option<String> = None;
        loop {
            match self.s.next()? {
                Ev::Eof => break,
                Ev::End(name) => {
                    if name == "FRBRWork" {
                        in_work = false;
                    }
                    if self.s.open_elements().len() < base {
                        break;
                    }
                }
                Ev::Start(el) | Ev::Empty(el) => match el.name.as_str() {
                    "FRBRWork" => in_work = true,
                    "FRBRthis" | "FRBRuri" if in_work && self.work_uri.is_none() => {
                        self.work_uri = el.attr("value").map(str::to_string);
                    }
                    "FRBRdate" if in_work && self.meta.date.is_none() => {
                        self.meta.date = el.attr("date").map(str::to_string);
                    }
                    "FRBRalias" => {
                        let name = el.attr("name").unwrap_or_default().to_ascii_lowercase();
                        if name.contains("symbol") {
                            alias_symbol = el.attr("value").map(str::to_string);
                        }
                    }
                    "step" => {
                        let outcome = el.attr("outcome").unwrap_or_default().to_ascii_lowercase();
                        match outcome.as_str() {
                            "adopted" => self.meta.adopted = Some(true),
                            "notadopted" | "veto" | "vetoed" | "rejected" => {
                                self.meta.adopted = Some(false)
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                },
                Ev::Text { .. } => {}
            }
        }
        if self.meta.symbol.is_none() {
            self.meta.symbol = alias_symbol;
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<Rendered, String> {
        self.break_line();
        let mut notes = Vec::new();
        let mut footnotes = Vec::new();
        if !self.notes.is_empty() {
            self.out.text.push('\n');
            for (marker, text) in &self.notes {
                let text = single_spaced(text);
                let start = self.out.text.len();
                self.out.push(
                    &format!("{marker} {text}"),
                    Locator::Generated("footnote (authorialNote)"),
                    false,
                );
                footnotes.push((marker.clone(), Span::new(start, self.out.text.len())));
                self.out.end_line();
            }
            notes.push(format!(
                "{} footnote(s) appended after the text",
                self.notes.len()
            ));
        }
        let statement = self.statement.clone().unwrap_or_default();
        self.meta.draft =
            statement.to_ascii_lowercase().contains("draft") || self.meta.adopted == Some(false);
        if self.meta.symbol.is_none() {
            self.meta.symbol = symbol_in_cover(&self.out.text)
                .or_else(|| symbol_from_uri(self.work_uri.as_deref()?, &statement));
        }
        if !self.body_started {
            return Err(
                "not a resolution: the Akoma Ntoso document has no preamble or main body".into(),
            );
        }
        let mut stated = outline::build(&self.raw, &self.out.text);
        stated.annex_start = match (stated.annex_start, self.annex_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        stated.footnotes = footnotes;
        Ok(Rendered {
            text: self.out.text,
            origin: self.out.origin,
            italics: self.out.italics,
            notes,
            meta: self.meta,
            outline: Some(stated),
        })
    }
}

/// The symbol line of the rendered masthead ("S/RES/2512 (2020)", "S/2023/212").
fn symbol_in_cover(text: &str) -> Option<String> {
    text.lines()
        .take(4)
        .map(str::trim)
        .find(|l| l.starts_with("S/") && !l.contains(' ') || l.starts_with("S/RES/"))
        .map(str::to_string)
}

/// "/akn/un/statement/deliberation/unsc/2020-02-28/2512-2020/!main/" → "S/RES/2512 (2020)";
/// a draft's "…/2023-212/" → "S/2023/212".
fn symbol_from_uri(uri: &str, statement: &str) -> Option<String> {
    let part = uri
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('!'))
        .nth(6)?;
    let (a, b) = part.split_once('-')?;
    if statement == "resolution" {
        Some(format!("S/RES/{a} ({b})"))
    } else {
        Some(format!("S/{a}/{b}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_gives_symbols() {
        let u = "/akn/un/statement/deliberation/unsc/2020-02-28/2512-2020/!main/";
        assert_eq!(
            symbol_from_uri(u, "resolution").as_deref(),
            Some("S/RES/2512 (2020)")
        );
        let d = "/akn/un/statement/deliberation/unsc/2023-03-27/2023-212/";
        assert_eq!(
            symbol_from_uri(d, "draftResolution").as_deref(),
            Some("S/2023/212")
        );
    }
}
