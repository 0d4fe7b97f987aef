#!/usr/bin/env python3
"""Generate the term lists of bench/run.sh from the engine itself.

Runs `MANDATE_LINT debug term-forms` (every form each lexicon term is matched by:
inflections, spellings, acronyms kept case-sensitive) and writes, into OUT_DIR:
  dsr-terms.txt      the defence-sector lexicon's terms, one a line: the floor
                     (rg -c -i -F -f dsr-terms.txt, issue 15)
  dsr-forms.txt      every form of those terms (inflections, spellings): ripgrep 13
                     turns 1,600 literals under -i into a slow regex (about 10x the
                     time of the terms), so this list is no floor; kept to show it
  terms.txt          every form of every lexicon
  ids.txt            the canonical terms only (what a user would write by hand)
  prh.yml            one prh rule per term, its pattern matching the same forms
  .textlintrc.json   textlint configured with textlint-rule-prh and that prh.yml

The forms are not re-implemented here: what the floor and the peers search is exactly
what mandate-lint searches.

Usage: gen_terms.py MANDATE_LINT OUT_DIR
"""

import json
import re
import subprocess
import sys
from pathlib import Path

DSR_LEXICON = "defence-sector"


def js_escape(text: str) -> str:
    """Escapes a literal for a JavaScript regex with the u flag (which rejects
    needless escapes such as `\\-`, so Python's re.escape will not do)."""
    return re.sub(r"([.*+?^${}()|\[\]\\/])", r"\\\1", text)


def unique_folded(forms):
    seen, out = set(), []
    for f in forms:
        if f.lower() not in seen:
            seen.add(f.lower())
            out.append(f)
    return out


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    binary, out_dir = sys.argv[1], Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    listing = subprocess.run(
        [binary, "debug", "term-forms"], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    rows = [line.split("\t") for line in listing[1:] if line]
    # (lexicon, term) -> [(form, case_sensitive)], in the engine's order.
    terms = {}
    for lexicon, term, form, case, ignore in rows:
        if ignore == "true":
            continue
        terms.setdefault((lexicon, term), []).append((form, case == "sensitive"))

    dsr = list(dict.fromkeys(term for lex, term in terms if lex == DSR_LEXICON))
    dsr_forms = unique_folded(f for (lex, _), forms in terms.items() if lex == DSR_LEXICON for f, _ in forms)
    every = unique_folded(f for forms in terms.values() for f, _ in forms)
    ids = list(dict.fromkeys(term for _, term in terms))
    prh_rules = []
    for (_, term), forms in terms.items():
        # prh compares a rule's flags across its patterns: one rule per case kind.
        for sensitive in (False, True):
            group = [f for f, s in forms if s == sensitive]
            if not group:
                continue
            alternatives = "|".join(js_escape(f).replace(" ", "\\s+") for f in group)
            flags = "" if sensitive else "i"
            prh_rules.append({"expected": term, "pattern": f"/\\b(?:{alternatives})\\b/{flags}"})

    (out_dir / "dsr-terms.txt").write_text("\n".join(dsr) + "\n", encoding="utf-8")
    (out_dir / "dsr-forms.txt").write_text("\n".join(dsr_forms) + "\n", encoding="utf-8")
    (out_dir / "terms.txt").write_text("\n".join(every) + "\n", encoding="utf-8")
    (out_dir / "ids.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
    # JSON is valid YAML: no YAML library needed, and no quoting surprises.
    (out_dir / "prh.yml").write_text(json.dumps({"version": 1, "rules": prh_rules}, indent=1), encoding="utf-8")
    textlintrc = {"rules": {"prh": {"rulePaths": [str((out_dir / "prh.yml").resolve())]}}}
    (out_dir / ".textlintrc.json").write_text(json.dumps(textlintrc, indent=2) + "\n", encoding="utf-8")
    print(
        f"{len(terms)} terms, {len(every)} forms ({len(dsr)} defence-sector terms, {len(dsr_forms)} forms), "
        f"{len(prh_rules)} prh rules -> {out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
