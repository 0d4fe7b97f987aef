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
fn the_build_time_matcher_is_the_one_built_at_run_time() {
    // `build.rs` attaches the owners of the embedded lexicons' forms at compile time;
    // the run-time build (what a user's lexicon gets) is the oracle.
    let Ok(lexicons) = Lexicons::embedded() else {
        panic!("embedded lexicons load")
    };
    assert!(lexicons.exactly_embedded);
    let Some(precomputed) = Matcher::embedded() else {
        panic!("build.rs made no matcher for the embedded lexicons")
    };
    let built = lexicons.build_matcher();
    assert!(built == precomputed, "the two matchers differ");
    // The engine's lexicons (read with the rules) take the same path; a rules
    // directory of one's own, or an extra lexicon, does not.
    let Ok((engine_lexicons, _)) = crate::rules::load(&[]) else {
        panic!("embedded rules load")
    };
    assert!(engine_lexicons.exactly_embedded);
    let Ok(extended) = Lexicons::embedded_with(&[(
        "mine/lexicons/x.toml".into(),
        "name = \"x\"\nterms = [\"security sector governance\"]\n".into(),
    )]) else {
        panic!("an extra lexicon loads")
    };
    assert!(!extended.exactly_embedded);
    assert_eq!(
        extended.scan("strengthen security sector governance").len(),
        lexicons.scan("strengthen security sector governance").len() + 1
    );
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
                let table: Vec<String> = table
                    .iter()
                    .map(|&i| precomputed::form(i).unwrap_or("?").to_string())
                    .collect();
                assert_eq!(table, computed, "{}: {s:?}", lexicon.name);
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

#[test]
fn build_time_trie_holds_every_form_at_its_index() {
    let trie = precomputed::trie();
    assert!(precomputed::count() > 10_000);
    for i in 0..precomputed::count() as u32 {
        let Some(form) = precomputed::form(i) else {
            panic!("form {i}")
        };
        let mut node = 0u32;
        for &b in form.as_bytes() {
            match trie.child(node, b) {
                Some(next) => node = next,
                None => panic!("{form:?} is not in the trie"),
            }
        }
        assert_eq!(trie.key_at(node), Some(i), "{form:?}");
    }
}

#[test]
fn build_time_lexicon_files_equal_run_time_reading() {
    let mut compared = 0;
    for (path, contents) in embedded_lexicon_files() {
        let Some(stored) = precomputed::file(&contents) else {
            panic!("{path} was not read at build time")
        };
        let stored = stored.contents(&path);
        let read = match load::parse_file(&path, &contents) {
            Ok(read) => read,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(stored.spelling, read.spelling, "{path}");
        assert_eq!(stored.lexicons.len(), read.lexicons.len(), "{path}");
        for (a, b) in stored.lexicons.iter().zip(&read.lexicons) {
            assert_eq!(
                (&a.name, &a.description, &a.source, a.scanned),
                (&b.name, &b.description, &b.source, b.scanned)
            );
            assert_eq!(a.terms, b.terms, "{path}: {}", a.name);
            compared += a.terms.len();
        }
    }
    assert!(compared > 1000, "{compared} terms compared");
    // A file that is not embedded is read at run time.
    assert!(precomputed::file("name = \"x\"\nterms = [\"a\"]\n").is_none());
}

#[test]
fn build_time_trie_scans_like_a_run_time_one() {
    // A lexicon of the user's own forms makes the combined trie be built at run time,
    // over every form; the embedded lexicons' hits must not change. ("zzz" sorts last,
    // so the embedded lexicons keep their indices.)
    let Ok(embedded) = Lexicons::embedded() else {
        panic!("embedded lexicons load")
    };
    let extra = vec![(
        "zzz.toml".to_string(),
        "name = \"zzz-own\"\nterms = [\"blue helmet\"]\n".to_string(),
    )];
    let Ok(with_own) = Lexicons::embedded_with(&extra) else {
        panic!("lexicons with an extra file load")
    };
    let own = with_own.index_of("zzz-own");
    assert_eq!(own, Some(with_own.len() - 1));
    let mut hits = 0;
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&fixtures)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let text = format!("{text}\nBlue helmets, the MoD’s  ex\u{2011}combatants é —");
        let a = embedded.scan(&text);
        let b: ScanHits = with_own
            .scan(&text)
            .into_iter()
            .filter(|(l, _, _)| Some(*l) != own)
            .collect();
        assert_eq!(a, b, "{}", path.display());
        hits += a.len();
    }
    assert!(hits > 100, "{hits} hits compared");
}

/// The byte map `Folded` kept before it kept breaks only: for each byte of the folded
/// text, the start of the input character it came from.
fn folded_byte_map(input: &str) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut map = Vec::new();
    let mut last_space = false;
    for (i, c) in input.char_indices() {
        let Some(replacement) = matcher::fold_char(c) else {
            continue;
        };
        let is_space = replacement == ' ';
        if is_space && last_space {
            continue;
        }
        last_space = is_space;
        text.push(replacement);
        map.resize(text.len(), i);
    }
    (text, map)
}

proptest::proptest! {
    /// Spans map back to the input as they did through the byte map, for every span
    /// between character boundaries of the folded text.
    #[test]
    fn folded_spans_map_back_as_through_a_byte_map(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "Council", " ", "  ", "\n", "\u{a0}", "\u{ad}", "’", "“", "”", "‘",
                "\u{2011}", "é", "—", "ß", "x y",
            ]),
            0..14,
        )
    ) {
        let input = parts.concat();
        let folded = Folded::new(&input);
        let (text, map) = folded_byte_map(&input);
        proptest::prop_assert_eq!(folded.text.as_ref(), text.as_str());
        let old = |start: usize, end: usize| {
            if folded.text.as_ref() == input {
                return Span::new(start, end);
            }
            let s = map.get(start).copied().unwrap_or(input.len());
            let e = if end > start {
                map.get(end - 1).map_or(input.len(), |&c| {
                    c + input.get(c..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8)
                })
            } else {
                s
            };
            Span::new(s, e.max(s))
        };
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for &start in &bounds {
            for &end in bounds.iter().filter(|&&e| e >= start) {
                proptest::prop_assert_eq!(folded.span_to_input(start, end), old(start, end), "{} {}", start, end);
            }
        }
    }
}
