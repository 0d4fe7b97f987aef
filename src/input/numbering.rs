//! Word list numbering (numbering.xml) and the paragraph/character styles that carry
//! numbering and italics (styles.xml). The UN's operative numbers and (a)/(i) letters
//! are list numbering, not typed text, so a .docx reader must render them.

use std::collections::HashMap;

use super::xml::{Ev, XmlStream};

/// One level of an abstract numbering definition.
#[derive(Clone, Debug, Default)]
pub(crate) struct Level {
    pub start: u32,
    /// "decimal", "lowerLetter", "lowerRoman", "upperLetter", "upperRoman", "bullet"…
    pub format: String,
    /// "%1." "(%2)" "%1.%2" or a bullet character.
    pub text: String,
    /// Paragraph style bound to this level (`w:lvl/w:pStyle`).
    pub style: Option<String>,
    /// `w:isLgl`: show every level's number in decimal.
    pub legal: bool,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: String,
    /// Level overrides: start values and whole replacement levels.
    start_overrides: HashMap<usize, u32>,
    level_overrides: HashMap<usize, Level>,
}

/// Style facts that matter here.
#[derive(Clone, Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    italic: Option<bool>,
}

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, Style>,
    /// Counters per list: numIds with start overrides count alone, others share their
    /// abstract definition's counters (as Word does).
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    pub fn load(
        numbering_xml: Option<&str>,
        styles_xml: Option<&str>,
        max_depth: usize,
    ) -> Result<Numbering, String> {
        let mut n = Numbering::default();
        if let Some(xml) = numbering_xml {
            n.read_numbering(xml, max_depth)
                .map_err(|e| format!("not a valid .docx: word/numbering.xml: {e}"))?;
        }
        if let Some(xml) = styles_xml {
            n.read_styles(xml, max_depth)
                .map_err(|e| format!("not a valid .docx: word/styles.xml: {e}"))?;
        }
        Ok(n)
    }

    fn read_numbering(&mut self, xml: &str, max_depth: usize) -> Result<(), String> {
        let mut s = XmlStream::new(xml, max_depth);
        let mut abstract_id: Option<String> = None;
        let mut levels: Vec<Level> = Vec::new();
        let mut level: Option<(usize, Level)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let ev = s.next()?;
            let (el, is_start) = match ev {
                Ev::Eof => break,
                Ev::Start(el) => (el, true),
                Ev::Empty(el) => (el, false),
                Ev::End(name) => {
                    match name.as_str() {
                        "abstractNum" => {
                            if let Some(id) = abstract_id.take() {
                                self.abstracts.insert(id, std::mem::take(&mut levels));
                            }
                        }
                        "lvl" => {
                            if let Some((ilvl, lvl)) = level.take() {
                                match (&mut num, override_level) {
                                    (Some((_, n)), Some(o)) => {
                                        n.level_overrides.insert(o, lvl);
                                    }
                                    _ => {
                                        if levels.len() <= ilvl && ilvl < 9 {
                                            levels.resize(ilvl + 1, Level::default());
                                        }
                                        if let Some(slot) = levels.get_mut(ilvl) {
                                            *slot = lvl;
                                        }
                                    }
                                }
                            }
                        }
                        "lvlOverride" => override_level = None,
                        "num" => {
                            if let Some((id, n)) = num.take() {
                                self.nums.insert(id, n);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                Ev::Text { .. } => continue,
            };
            let val = el.attr("val").map(str::to_string);
            match el.name.as_str() {
                "abstractNum" if is_start => {
                    abstract_id = el.attr("abstractNumId").map(str::to_string);
                    levels.clear();
                }
                "lvl" if is_start => {
                    let ilvl = el.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    level = Some((
                        ilvl,
                        Level {
                            start: 1,
                            format: "decimal".into(),
                            ..Level::default()
                        },
                    ));
                }
                "start" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.start = val.and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val) {
                        l.format = v;
                    }
                }
                "lvlText" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val) {
                        l.text = v;
                    }
                }
                "isLgl" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.legal = on(val.as_deref());
                    }
                }
                "pStyle" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val) {
                        l.style = Some(v);
                    }
                }
                "num" if is_start => {
                    let id = el.attr("numId").unwrap_or_default().to_string();
                    num = Some((id, Num::default()));
                }
                "abstractNumId" => {
                    if let (Some((_, n)), Some(v)) = (num.as_mut(), val) {
                        n.abstract_id = v;
                    }
                }
                "lvlOverride" if is_start => {
                    override_level = el.attr("ilvl").and_then(|v| v.parse().ok());
                }
                "startOverride" => {
                    if let (Some((_, n)), Some(o), Some(v)) = (
                        num.as_mut(),
                        override_level,
                        val.and_then(|v| v.parse().ok()),
                    ) {
                        n.start_overrides.insert(o, v);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn read_styles(&mut self, xml: &str, max_depth: usize) -> Result<(), String> {
        let mut s = XmlStream::new(xml, max_depth);
        let mut current: Option<(String, Style)> = None;
        loop {
            let ev = s.next()?;
            let el = match ev {
                Ev::Eof => break,
                Ev::Start(el) | Ev::Empty(el) => el,
                Ev::End(name) => {
                    if name == "style" {
                        if let Some((id, st)) = current.take() {
                            self.styles.insert(id, st);
                        }
                    }
                    continue;
                }
                Ev::Text { .. } => continue,
            };
            let open = s.open_elements();
            let in_change = open.iter().any(|n| n == "pPrChange" || n == "rPrChange");
            if in_change {
                continue;
            }
            match el.name.as_str() {
                "style" => {
                    let id = el.attr("styleId").unwrap_or_default().to_string();
                    current = Some((id, Style::default()));
                }
                "basedOn" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.based_on = el.attr("val").map(str::to_string);
                    }
                }
                "numId" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.num_id = el.attr("val").map(str::to_string);
                    }
                }
                "ilvl" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.ilvl = el.attr("val").and_then(|v| v.parse().ok());
                    }
                }
                "i" if open.iter().any(|n| n == "rPr") => {
                    if let Some((_, st)) = current.as_mut() {
                        st.italic = Some(on(el.attr("val")));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Numbering a paragraph style gives (following `basedOn`): numId and level.
    pub fn style_numbering(&self, style_id: &str) -> (Option<String>, Option<usize>) {
        let mut num_id = None;
        let mut ilvl = None;
        let mut cur = Some(style_id);
        // Style chains are short; the cap stops a basedOn loop.
        for _ in 0..16 {
            let Some(id) = cur else { break };
            let Some(st) = self.styles.get(id) else { break };
            if num_id.is_none() {
                num_id = st.num_id.clone();
            }
            if ilvl.is_none() {
                ilvl = st.ilvl;
            }
            cur = st.based_on.as_deref();
        }
        if ilvl.is_none() {
            // A style bound to a level of the list (w:lvl/w:pStyle) gives the level.
            if let Some(levels) = num_id.as_deref().and_then(|n| self.levels_of(n)) {
                ilvl = levels
                    .iter()
                    .position(|l| l.style.as_deref() == Some(style_id));
            }
        }
        (num_id, ilvl)
    }

    /// Whether a style (paragraph or character, following `basedOn`) makes text italic.
    pub fn style_italic(&self, style_id: &str) -> Option<bool> {
        let mut cur = Some(style_id);
        for _ in 0..16 {
            let st = self.styles.get(cur?)?;
            if st.italic.is_some() {
                return st.italic;
            }
            cur = st.based_on.as_deref();
        }
        None
    }

    fn levels_of(&self, num_id: &str) -> Option<&Vec<Level>> {
        let num = self.nums.get(num_id)?;
        self.abstracts.get(&num.abstract_id)
    }

    fn level(&self, num_id: &str, ilvl: usize) -> Option<Level> {
        let num = self.nums.get(num_id)?;
        let mut level = num
            .level_overrides
            .get(&ilvl)
            .cloned()
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(ilvl).cloned())?;
        if let Some(start) = num.start_overrides.get(&ilvl) {
            level.start = *start;
        }
        Some(level)
    }

    /// Advances the list counters for a paragraph at (`num_id`, `ilvl`) and returns the
    /// label Word would display ("12.", "(a)", "–"), or `None` when the paragraph is
    /// not numbered (numId 0, unknown list, or a level with no text).
    pub fn next_label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        if num_id == "0" || ilvl >= 9 {
            return None;
        }
        let num = self.nums.get(num_id)?;
        let key = if num.start_overrides.is_empty() && num.level_overrides.is_empty() {
            format!("abstract:{}", num.abstract_id)
        } else {
            format!("num:{num_id}")
        };
        let levels: Vec<Option<Level>> = (0..9).map(|l| self.level(num_id, l)).collect();
        let this = levels.get(ilvl)?.clone()?;
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let value = match counters.get(ilvl).copied().flatten() {
            Some(v) => v.saturating_add(1),
            None => this.start,
        };
        if let Some(slot) = counters.get_mut(ilvl) {
            *slot = Some(value);
        }
        // A number at one level restarts every deeper level.
        for slot in counters.iter_mut().skip(ilvl + 1) {
            *slot = None;
        }
        let counters = *counters;
        if this.format == "none" {
            return None;
        }
        if this.format == "bullet" {
            return Some(bullet(&this.text));
        }
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let lvl = (d as usize).saturating_sub(1);
                    let level = levels.get(lvl).cloned().flatten();
                    let shown = counters
                        .get(lvl)
                        .copied()
                        .flatten()
                        .or_else(|| level.as_ref().map(|l| l.start))
                        .unwrap_or(1);
                    let format = match &level {
                        Some(l) if !(this.legal && lvl != ilvl) => l.format.as_str(),
                        _ => "decimal",
                    };
                    out.push_str(&format_number(shown, format));
                    continue;
                }
            }
            out.push(c);
        }
        let out = out.trim().to_string();
        if out.is_empty() {
            None
        } else {
            Some(out)
        }
    }
}

/// Word's on/off attribute: absent or "1"/"true"/"on" is on.
pub(crate) fn on(val: Option<&str>) -> bool {
    !matches!(val, Some("0") | Some("false") | Some("off") | Some("none"))
}

/// Bullets in Symbol/Wingdings are private-use characters; show them as a bullet the
/// text parser knows. Dashes stay dashes.
fn bullet(text: &str) -> String {
    match text.trim() {
        t @ ("–" | "—" | "-" | "•") => t.to_string(),
        _ => "•".to_string(),
    }
}

pub(crate) fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

/// Word's letter numbering: a…z, then aa…zz, aaa… (the letter repeated).
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let idx = (n - 1) % 26;
    let times = ((n - 1) / 26 + 1) as usize;
    let letter = char::from(b'A' + idx as u8);
    std::iter::repeat_n(letter, times.min(50)).collect()
}

fn roman(n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, glyph) in TABLE {
        while n >= value {
            out.push_str(glyph);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(27, "lowerLetter"), "aa");
        assert_eq!(format_number(2, "upperLetter"), "B");
        assert_eq!(format_number(12, "decimal"), "12");
    }

    #[test]
    fn counters_restart_deeper_levels_and_honour_overrides() {
        let numbering = r#"<w:numbering xmlns:w="w">
          <w:abstractNum w:abstractNumId="1">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
          </w:abstractNum>
          <w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>
          <w:num w:numId="6"><w:abstractNumId w:val="1"/>
            <w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
        </w:numbering>"#;
        let mut n = match Numbering::load(Some(numbering), None, 64) {
            Ok(n) => n,
            Err(e) => panic!("{e}"),
        };
        let seq: Vec<Option<String>> = [(0, "5"), (1, "5"), (1, "5"), (2, "5"), (0, "5"), (1, "5")]
            .iter()
            .map(|(l, id)| n.next_label(id, *l))
            .collect();
        let want = ["1.", "(a)", "(b)", "(i)", "2.", "(a)"];
        assert_eq!(
            seq,
            want.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>()
        );
        assert_eq!(n.next_label("6", 0).as_deref(), Some("10."));
        assert_eq!(n.next_label("6", 0).as_deref(), Some("11."));
        assert_eq!(n.next_label("0", 0), None);
    }
}
