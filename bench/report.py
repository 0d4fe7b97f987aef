#!/usr/bin/env python3
"""Turn bench/run.sh measurements into the markdown table of bench/README.md.

Usage: report.py OUT_DIR FULL_FILES FULL_BYTES SUB_FILES SUB_BYTES PEER_EVERY
"""

import json
import re
import sys
from pathlib import Path


def hyperfine(path: Path) -> dict:
    """name -> hyperfine result (mean, stddev, min, max, user, system in seconds)."""
    if not path.exists():
        return {}
    return {r["command"]: r for r in json.loads(path.read_text())["results"]}


def time_v(path: Path) -> dict:
    """Wall, CPU (user+sys) seconds and peak RSS (MB) from `/usr/bin/time -v`."""
    if not path.exists():
        return {}
    text = path.read_text()

    def field(label: str) -> str:
        m = re.search(rf"^\s*{re.escape(label)}: (.+)$", text, re.M)
        return m.group(1).strip() if m else ""

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part or 0)
    return {
        "wall": wall,
        "cpu": float(field("User time (seconds)") or 0) + float(field("System time (seconds)") or 0),
        "rss_mb": int(field("Maximum resident set size (kbytes)") or 0) / 1024,
        "status": field("Exit status"),
    }


def findings(out: Path, name: str) -> str:
    """How many findings a tool printed: a sanity check that it really did the work."""
    path = out / f"output-{name}.json"
    if not path.exists() or path.stat().st_size == 0:
        return "no output"
    text = path.read_text(errors="replace")
    try:
        if name.startswith("rg-"):
            return f"{sum(int(line.rsplit(':', 1)[-1]) for line in text.splitlines() if line)} term hits"
        data = json.loads(text)
    except (ValueError, IndexError):
        return "unreadable output"
    if name == "textlint":
        return f"{sum(len(f['messages']) for f in data)} messages"
    if name == "proselint":
        return f"{sum(len(v.get('diagnostics', [])) for v in data.get('result', {}).values())} diagnostics"
    files = data.get("files", [])
    count = sum(len(f.get("diagnostics", f.get("findings", []))) for f in files)
    return f"{count} diagnostics in {len(files)} files"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def ratio(a: float, b: float) -> str:
    if not a or not b:
        return "-"
    r = a / b
    if r < 1:
        return f"{r:.2f}x (floor {1 / r:.0f}x faster)"
    return f"{r:.1f}x" if r < 10 else f"{r:,.0f}x"


def main() -> int:
    out = Path(sys.argv[1])
    full_files, full_bytes, sub_files, sub_bytes, every = (int(x) for x in sys.argv[2:7])
    scale = full_bytes / sub_bytes if sub_bytes else 0.0
    full = hyperfine(out / "hyperfine-full.json")
    sub = hyperfine(out / "hyperfine-subset.json")
    t = {p.stem[len("time-"):]: time_v(p) for p in sorted(out.glob("time-*.txt"))}

    ml, lit = full.get("mandate-lint"), full.get("rg-literal")
    if not (ml and lit):
        print("no whole-corpus measurements in", out)
        return 1
    ml_wall, ml_cpu = ml["mean"], ml["user"] + ml["system"]
    lines = [
        f"Corpus: {full_files} files, {full_bytes / 1e6:.1f} MB. "
        f"Peer subset: every {every}th file by name, {sub_files} files, {sub_bytes / 1e6:.2f} MB "
        f"(whole-corpus peer figures are the subset's scaled by bytes, x{scale:.1f}).",
        "",
        "| tool | input | wall | CPU user+sys | peak RSS | mandate-lint faster by (wall / CPU) | output |",
        "|---|---|---|---|---|---|---|",
        f"| **mandate-lint** check --format json, all rules | whole corpus | {ms(ml_wall)} ± {ms(ml['stddev'])} "
        f"| {ms(ml_cpu)} | {t.get('mandate-lint-full', {}).get('rss_mb', 0):.0f} MB | - "
        f"| {findings(out, 'mandate-lint-full')} |",
        f"| floor: rg one literal (read + scan every byte) | whole corpus | {ms(lit['mean'])} ± {ms(lit['stddev'])} "
        f"| {ms(lit['user'] + lit['system'])} | {t.get('rg-literal-full', {}).get('rss_mb', 0):.0f} MB "
        f"| {ratio(lit['mean'], ml_wall)} / {ratio(lit['user'] + lit['system'], ml_cpu)} "
        f"| {findings(out, 'rg-literal-full')} |",
    ]
    for key, label in (("rg-ids-full", "floor: rg -i -w, 1,308 canonical terms"),
                       ("rg-terms-full", "floor: rg -i -w, all 11,932 surface forms (issue 7)")):
        r = t.get(key)
        if r and r.get("wall"):
            lines.append(
                f"| {label} | whole corpus, 1 run | {ms(r['wall'])} | {ms(r['cpu'])} | {r['rss_mb']:.0f} MB "
                f"| {ratio(r['wall'], ml_wall)} / {ratio(r['cpu'], ml_cpu)} | {findings(out, key)} |"
            )
    sml, slit = sub.get("mandate-lint"), sub.get("rg-literal")
    if sml and slit:
        sml_cpu = sml["user"] + sml["system"]
        lines.append(
            f"| mandate-lint | subset | {ms(sml['mean'])} ± {ms(sml['stddev'])} | {ms(sml_cpu)} | - | - | |"
        )
        for peer, label in (("textlint", "textlint + prh, same terms"), ("proselint", "proselint, its own checks")):
            p = t.get(peer) or {}
            if not p.get("wall"):
                continue
            lines.append(
                f"| {label} | subset, 1 run | {ms(p['wall'])} | {ms(p['cpu'])} | {p['rss_mb']:.0f} MB "
                f"| {ratio(p['wall'], sml['mean'])} / {ratio(p['cpu'], sml_cpu)} | {findings(out, peer)} |"
            )
            lines.append(
                f"| {label} | whole corpus, scaled | ~{ms(p['wall'] * scale)} | ~{ms(p['cpu'] * scale)} | - "
                f"| {ratio(p['wall'] * scale, ml_wall)} / {ratio(p['cpu'] * scale, ml_cpu)} | |"
            )
    lines += [
        "",
        f"mandate-lint vs the physical floor: {ratio(ml_wall, lit['mean'])} the wall time, "
        f"{ratio(ml_cpu, lit['user'] + lit['system'])} the CPU time.",
    ]
    load = (out / "load.txt").read_text().strip().replace("\n", "; ") if (out / "load.txt").exists() else ""
    lines.append(f"Load average (1, 5, 15 min) on this shared 2-core machine: {load}.")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
