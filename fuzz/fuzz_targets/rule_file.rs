//! A user rule pack: one fuzzed rule or lexicon file loaded with the embedded ones
//! (it may override them), then, if it loads, run on a small draft.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandate_lint::embedded::EMBEDDED_RULE_FILES;
use mandate_lint::model::SourceFormat;
use mandate_lint::rules::load_from_files;
use mandate_lint::span::Span;

const DRAFT: &str = "The Security Council,\n\nRecalling its resolution 2151 (2014),\n\n1. Requests UNSMV to train the Velorian Armed Forces (VAF) and to advise the Ministry of Defence;\n\n2. Decides to remain actively seized of the matter.\n";

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(body).into_owned();
    let name = match which % 3 {
        0 => "user/dsr/dsr900-fuzz.toml",
        1 => "user/lexicons/fuzz.toml",
        _ => "dsr/dsr006-no-civilian-oversight.toml",
    };
    let mut files: Vec<(String, String)> = EMBEDDED_RULE_FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect();
    files.push((name.to_string(), text));
    let Ok((lexicons, rules)) = load_from_files(&files) else {
        return;
    };
    let doc = mandate_lint::parse::parse(DRAFT.to_string(), SourceFormat::Text);
    let analysis = mandate_lint::analyse::analyse(&doc, &lexicons);
    let diags = rules.run(&doc, &analysis, None);
    for d in diags {
        let Span { start, end } = d.span;
        assert!(doc.text.get(start..end).is_some(), "{}: bad span", d.code);
    }
});
