use super::*;

fn keys(text: &str, missions: &[&str]) -> Vec<String> {
    words(text, missions).into_iter().map(|w| w.key).collect()
}

#[test]
fn masking_ignores_case_quotes_dashes_numbers_months_and_mission() {
    assert_eq!(
        keys(
            "Requests MONUSCO’s “support” — until 31 March 2014;",
            &["MONUSCO"]
        ),
        vec![
            "requests",
            "<mission>",
            "support",
            "until",
            "#",
            "<month>",
            "#"
        ]
    );
    assert_eq!(
        keys(
            "requests monuc's \"support\" - until 30 June 2010,",
            &["MONUC"]
        ),
        keys(
            "Requests MONUSCO’s “support” — until 31 March 2014;",
            &["MONUSCO"]
        )
    );
    assert_eq!(keys("Timor-Leste", &[]), keys("TimorLeste", &[]));
}

#[test]
fn word_diff_shows_inserted_and_deleted_words() {
    let old = words("to support the reform of the army in Liberia", &[]);
    let new = words("to support the reform of the armed forces in Liberia", &[]);
    let ops = word_diff(&old, &new);
    assert_eq!(
        render_word_diff(&ops),
        "to support the reform of the [-army-] {+armed forces+} in Liberia"
    );
    assert!(similarity(&old, &new) > 0.8);
    assert!(similarity(&old, &new) < 1.0);
}

#[test]
fn compact_diff_shortens_long_unchanged_runs() {
    let old = words("a b c d e f g h i j k l m n o p x", &[]);
    let new = words("a b c d e f g h i j k l m n o p y", &[]);
    let ops = word_diff(&old, &new);
    assert_eq!(
        render_word_diff_compact(&ops, 3),
        "… 13 words … n o p [-x-] {+y+}"
    );
}

#[test]
fn dice_bounds_lcs() {
    let mut i = Interner::default();
    let a = i.unit(0, words("a b c d e", &[]), 0.0);
    let b = i.unit(1, words("e d c b a", &[]), 0.0);
    assert!((dice_bound(&a.bag, &b.bag) - 1.0).abs() < 1e-9);
    assert!((unit_similarity(&a, &b) - 0.2).abs() < 1e-9);
}
