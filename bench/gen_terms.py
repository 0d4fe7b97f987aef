#!/usr/bin/env python3
"""Generate the peer inputs of bench/run.sh from rules/lexicons/*.toml.

Writes, into the output directory:
  terms.txt          every surface form our lexicon automaton searches, one a line
                     (for the ripgrep floor: rg -i -w -F -f terms.txt -c)
  ids.txt            the canonical terms only, no inflections or spellings (what a
                     user would write by hand for rg)
  prh.yml            one prh rule per lexicon term, its pattern matching the same forms
  .textlintrc.json   textlint configured with textlint-rule-prh and that prh.yml

The surface forms are produced by a port of `term_forms` in src/analyse/lexicon.rs
(inflections of the first and last word, British/American and -ize/-ise spellings,
acronyms kept case-sensitive) so that the floor and the peers search exactly what
mandate-lint searches, not a smaller list.

Usage: gen_terms.py LEXICON_DIR OUT_DIR
"""

import json
import re
import sys
import tomllib
from pathlib import Path

RESERVED = {"id", "forms", "inflect", "case_sensitive", "ignore"}


def looks_like_acronym(term: str) -> bool:
    if " " in term:
        return False
    upper = sum(1 for c in term if c.isupper())
    lower = sum(1 for c in term if c.islower())
    return upper >= 2 and upper > lower


def is_vowel(c: str) -> bool:
    return c in "aeiou"


def base_of(word: str) -> str:
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("sses", "shes", "ches", "xes", "zes"):
        if n > len(suffix) + 1 and word.endswith(suffix):
            return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def push_unique(out: list, item) -> None:
    if item not in out:
        out.append(item)


def inflect_word(word: str) -> list:
    out = [word]
    if len(word) < 3 or not re.fullmatch(r"[a-z]+", word):
        return out
    base = base_of(word)
    if len(base) < 2:
        return out
    last, prev = base[-1], base[-2]
    forms = [base]
    if last == "y" and not is_vowel(prev):
        stem = base[:-1]
        forms += [stem + "ies", stem + "ied", base + "ing"]
    elif base.endswith(("s", "x", "z", "ch", "sh")):
        forms += [base + "es", base + "ed", base + "ing"]
    elif last == "e":
        stem = base[:-1]
        forms += [base + "s", base + "d", stem + "ing"]
    else:
        forms += [base + "s", base + "ed", base + "ing"]
        ante = base[-3] if len(base) >= 3 else "a"
        if not is_vowel(last) and last not in "wxy" and is_vowel(prev) and not is_vowel(ante):
            forms += [base + last + "ed", base + last + "ing"]
    for f in forms:
        push_unique(out, f)
    return out


def inflect_phrase(phrase: str) -> list:
    words = phrase.split(" ")
    if len(words) == 1:
        return inflect_word(words[0])
    out = []
    middle = " ".join(words[1:-1])
    for f in inflect_word(words[0]):
        for last in inflect_word(words[-1]):
            push_unique(out, " ".join(p for p in (f, middle, last) if p))
    return out


SWAPS = [
    ("defence", "defense"),
    ("offence", "offense"),
    ("programme", "program"),
    ("centre", "center"),
    ("labour", "labor"),
    ("behaviour", "behavior"),
    ("endeavour", "endeavor"),
    ("judgement", "judgment"),
]


def spelling_variants(form: str) -> list:
    out = [form]
    for a, b in SWAPS:
        for f in list(out):
            if a in f:
                push_unique(out, f.replace(a, b))
            elif b in f:
                if b == "program" and "programme" in f:
                    continue
                push_unique(out, f.replace(b, a))
    for f in list(out):
        if "iz" in f:
            push_unique(out, f.replace("ize", "ise").replace("iza", "isa").replace("izi", "isi"))
    return out


def term_forms(term: dict, lexicon_inflects: bool) -> list:
    """(form, case_sensitive) pairs, as src/analyse/lexicon.rs term_forms."""
    inflect = term.get("inflect", lexicon_inflects)
    explicit_case = term.get("case_sensitive")
    surface = [term["id"]] + list(term.get("forms", []))
    out = []
    for s in surface:
        s = " ".join(str(s).split())
        sensitive = explicit_case if explicit_case is not None else looks_like_acronym(s)
        if sensitive:
            push_unique(out, (s, True))
            continue
        lower = s.lower()
        for v in inflect_phrase(lower) if inflect else [lower]:
            for spelled in spelling_variants(v):
                push_unique(out, (spelled, False))
    return out


def js_escape(text: str) -> str:
    """Escapes a literal for a JavaScript regex with the u flag (which rejects
    needless escapes such as `\\-`, so Python's re.escape will not do)."""
    return re.sub(r"([.*+?^${}()|\[\]\\/])", r"\\\1", text)


def lexicons_in(path: Path) -> list:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = data.get("lexicon") if isinstance(data.get("lexicon"), list) else [data]
    out = []
    for table in tables:
        # `scan = false` lexicons (the parser's cues) are looked up by name, never
        # searched in the text: not part of the automaton, so not of the floor either.
        if table.get("scan", True) is False:
            continue
        inflects = table.get("inflect", True)
        terms = [{"id": t} for t in table.get("terms", [])]
        terms += [t for t in table.get("term", []) if "id" in t]
        out.append((table.get("name", path.stem), inflects, terms))
    return out


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    lexicon_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted(lexicon_dir.glob("*.toml"))
    if not files:
        print(f"{lexicon_dir}: no lexicon files", file=sys.stderr)
        return 2

    all_forms = []
    ids = []
    seen = set()
    prh_rules = []
    term_count = 0
    for path in files:
        for name, inflects, terms in lexicons_in(path):
            for term in terms:
                if term.get("ignore"):
                    continue
                term_count += 1
                if str(term["id"]) not in ids:
                    ids.append(str(term["id"]))
                forms = term_forms(term, inflects)
                for form, _ in forms:
                    if form.lower() not in seen:
                        seen.add(form.lower())
                        all_forms.append(form)
                # prh compares a rule's flags across its patterns: one rule per case kind.
                for sensitive in (False, True):
                    group = [f for f, s in forms if s == sensitive]
                    if not group:
                        continue
                    alternatives = "|".join(js_escape(f).replace(" ", "\\s+") for f in group)
                    flags = "" if sensitive else "i"
                    prh_rules.append(
                        {"expected": str(term["id"]), "pattern": f"/\\b(?:{alternatives})\\b/{flags}"}
                    )

    (out_dir / "terms.txt").write_text("\n".join(all_forms) + "\n", encoding="utf-8")
    (out_dir / "ids.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
    # JSON is valid YAML: no YAML library needed, and no quoting surprises.
    (out_dir / "prh.yml").write_text(json.dumps({"version": 1, "rules": prh_rules}, indent=1), encoding="utf-8")
    textlintrc = {"rules": {"prh": {"rulePaths": [str((out_dir / "prh.yml").resolve())]}}}
    (out_dir / ".textlintrc.json").write_text(json.dumps(textlintrc, indent=2) + "\n", encoding="utf-8")
    print(f"{term_count} terms, {len(all_forms)} surface forms, {len(prh_rules)} prh rules -> {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
