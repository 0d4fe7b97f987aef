//! The generated long draft of the latency and keystroke benchmarks (`lsp_latency
//! --bytes N`, `stages generated:N`): one generator, so both measure the same text.

/// A long mandate in the style of a multidimensional mission renewal, generated.
pub fn large_draft(target_bytes: usize) -> String {
    let mut s = String::from(
        "United Nations S/2025/900\nSecurity Council\nDraft resolution\n\nThe Security Council,\n\n",
    );
    for i in 1..=20 {
        s.push_str(&format!(
            "Recalling its resolution {} (20{:02}) and the statements of its President on the situation in the Republic of Lorem, and reaffirming its strong commitment to the sovereignty, independence and territorial integrity of the country,\n\n",
            2000 + i,
            (i % 20) + 1
        ));
    }
    s.push_str("Acting under Chapter VII of the Charter of the United Nations,\n\n");
    s.push_str("1. Decides to extend the mandate of the United Nations Multidimensional Stabilization Mission in Lorem (MINUSLO) until 31 December 2026;\n\n");
    let mut n = 2;
    while s.len() < target_bytes {
        s.push_str(&format!(
            "{n}. Requests MINUSLO to undertake the following tasks in support of the national authorities:\n\
(a) to provide training and mentoring to the armed forces, in particular on international humanitarian law and human rights, in close coordination with the Ministry of Defence;\n\
(b) to provide technical advice on the reform of the defence sector, including on defence legislation and the national defence policy, with the participation of civil society;\n\
(c) to support the national authorities in the disarmament, demobilization and reintegration of former combatants, taking into account the specific needs of women and children;\n\n"
        ));
        n += 1;
    }
    s.push_str(&format!(
        "{n}. Decides to remain actively seized of the matter.\n"
    ));
    s
}
