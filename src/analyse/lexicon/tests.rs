//! Lexicon loading, forms and matching, end to end.

use super::*;

/// A lexicon file read with the embedded spelling table.
fn lex(toml: &str) -> Lexicons {
    let spelling = include_str!("../../../rules/lexicons/spelling-variants.toml");
    match Lexicons::from_files(&[
        ("spelling.toml".to_string(), spelling.to_string()),
        ("t.toml".to_string(), toml.to_string()),
    ]) {
        Ok(l) => l,
        Err(e) => panic!("lexicon should load: {e}"),
    }
}

#[test]
fn inflections_and_spellings_match() {
    let l = lex("name = \"x\"\nterms = [\"train\", \"ministry of defence\", \"stabilization\", \"programme\"]\n");
    let x = l
        .get("x")
        .map(|x| x.find("Trained, training; ministries of defense; stabilisation programs"))
        .unwrap_or_default();
    let ids: Vec<&str> = x.iter().map(|(_, id)| *id).collect();
    assert_eq!(
        ids,
        vec![
            "train",
            "train",
            "ministry of defence",
            "stabilization",
            "programme"
        ]
    );
}

#[test]
fn word_boundaries_and_acronyms() {
    let l = lex("name = \"x\"\nterms = [\"army\", \"FAMa\", \"MoD\"]\n");
    let Some(x) = l.get("x") else {
        panic!("lexicon x")
    };
    assert!(x.find("the armyworm").is_empty());
    assert_eq!(x.find("the FAMa and the MoD").len(), 2);
    assert!(x.find("fama and mod").is_empty());
    let hits = x.find("the\u{a0}army");
    assert_eq!(hits.first().map(|(s, _)| *s), Some(Span::new(5, 9)));
}

#[test]
fn non_breaking_hyphens_match_plain_hyphens() {
    let l = lex("name = \"x\"\nterms = [\"ex-combatants\"]\n");
    let Some(x) = l.get("x") else {
        panic!("lexicon x")
    };
    let text = "integrate ex\u{2011}combatants now";
    let hits = x.find(text);
    let span = hits.first().map(|(s, _)| *s);
    assert_eq!(span.map(|s| s.slice(text)), Some("ex\u{2011}combatants"));
}

#[test]
fn longest_match_and_ignore() {
    let l = lex("name = \"x\"\nterms = [\"military\"]\n[[term]]\nid = \"military observers\"\nignore = true\n");
    let Some(x) = l.get("x") else {
        panic!("lexicon x")
    };
    assert!(x.find("deploy military observers").is_empty());
    assert_eq!(x.find("reform the military").len(), 1);
}

#[test]
fn attributes_and_multiword_forms() {
    let l = lex("name = \"v\"\n[[term]]\nid = \"calls upon\"\nforms = [\"calls on\"]\nforce = 3\n");
    let Some(v) = l.get("v") else {
        panic!("lexicon v")
    };
    let hits = v.find_terms("Calls on the parties");
    assert_eq!(hits.first().and_then(|(_, t)| t.attr_u8("force")), Some(3));
    assert_eq!(v.find("called upon").len(), 1);
}

#[test]
fn errors_name_file_and_line() {
    let e = Lexicons::from_files(&[(
        "a.toml".into(),
        "name = \"x\"\n\n[[term]]\nforce = 3\n".into(),
    )]);
    assert_eq!(e.err().as_deref(), Some("a.toml:3: term table has no `id`"));
    let e = Lexicons::from_files(&[("b.toml".into(), "name = \"x\"\nterms = [\n".into())]);
    assert!(
        e.err().is_some_and(|m| m.starts_with("b.toml:")),
        "syntax error names the file"
    );
    let e = Lexicons::from_files(&[("c.toml".into(), "name = \"x\"\nterms = [1]\n".into())]);
    assert_eq!(
        e.err().as_deref(),
        Some("c.toml:2: a term must be a string or a table with an `id`")
    );
}

#[test]
fn later_files_override_by_name() {
    let files = [
        (
            "a.toml".to_string(),
            "name = \"x\"\nterms = [\"army\"]\n".to_string(),
        ),
        (
            "b.toml".to_string(),
            "name = \"x\"\nterms = [\"navy\"]\n".to_string(),
        ),
    ];
    let l = Lexicons::from_files(&files).unwrap_or_default();
    let Some(x) = l.get("x") else {
        panic!("lexicon x")
    };
    assert!(x.find("army").is_empty());
    assert_eq!(x.find("navy").len(), 1);
    assert_eq!(l.names().collect::<Vec<_>>(), vec!["x"]);
}

#[test]
fn build_time_forms_equal_run_time_forms() {
    // `build.rs` precomputes the forms of the embedded lexicons with forms.rs; the
    // table must say what computing them now says, for every embedded surface.
    let Ok(lexicons) = Lexicons::embedded() else {
        panic!("embedded lexicons load")
    };
    assert!(spelling_is_embedded(lexicons.spelling()));
    let mut looked_up = 0;
    for lexicon in lexicons.iter() {
        for term in &lexicon.terms {
            for surface in term.surfaces() {
                let s = forms::normalise_space(surface);
                let Some(table) = precomputed_forms(&s, term.inflect) else {
                    panic!("{}: {s:?} has no precomputed forms", lexicon.name)
                };
                let computed = forms::insensitive_forms(&s, term.inflect, lexicons.spelling());
                assert_eq!(table.to_vec(), computed, "{}: {s:?}", lexicon.name);
                looked_up += 1;
            }
        }
    }
    assert!(looked_up > 1000, "{looked_up} surfaces compared");
}

#[test]
fn a_spelling_table_is_data_and_a_later_one_wins() {
    let own = "[spelling]\nswaps = [[\"colour\", \"color\"]]\n";
    let lexicon = "name = \"x\"\nterms = [\"colour guard\", \"defence\"]\n";
    let Ok(l) = Lexicons::from_files(&[
        (
            "spelling.toml".to_string(),
            include_str!("../../../rules/lexicons/spelling-variants.toml").to_string(),
        ),
        ("mine.toml".to_string(), own.to_string()),
        ("x.toml".to_string(), lexicon.to_string()),
    ]) else {
        panic!("loads")
    };
    let Some(x) = l.get("x") else {
        panic!("lexicon x")
    };
    assert_eq!(
        x.find("the color guard").len(),
        1,
        "the user's swap applies"
    );
    assert!(
        x.find("defense").is_empty(),
        "the embedded table was replaced, not merged"
    );
    let e = Lexicons::from_files(&[(
        "bad.toml".to_string(),
        "[spelling]\nswaps = [\n  [\"a\"],\n]\n".to_string(),
    )]);
    assert_eq!(
        e.err().as_deref(),
        Some("bad.toml:3: each `swaps` entry must be two different non-empty strings")
    );
}
