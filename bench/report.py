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
        if name.startswith("ripgrep"):
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


def main() -> int:
    out = Path(sys.argv[1])
    full_files, full_bytes, sub_files, sub_bytes, every = (int(x) for x in sys.argv[2:7])
    scale = full_bytes / sub_bytes if sub_bytes else 0.0
    full = hyperfine(out / "hyperfine-full.json")
    sub = hyperfine(out / "hyperfine-subset.json")
    t = {name: time_v(out / f"time-{name}.txt") for name in
         ("mandate-lint-full", "ripgrep-full", "textlint", "proselint")}

    ml, rg = full.get("mandate-lint"), full.get("ripgrep-floor")
    lines = [
        f"Corpus: {full_files} files, {full_bytes / 1e6:.1f} MB. "
        f"Peer subset: every {every}th file, {sub_files} files, {sub_bytes / 1e6:.2f} MB "
        f"(whole-corpus peer figures are scaled by bytes, x{scale:.1f}).",
        "",
        "| tool | input | wall (mean ± sd) | CPU user+sys | peak RSS | vs floor | mandate-lint faster by | output |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if ml and rg:
        lines.append(
            f"| mandate-lint check --format json (all rules) | whole corpus | {ms(ml['mean'])} ± {ms(ml['stddev'])} "
            f"| {ms(ml['user'] + ml['system'])} | {t['mandate-lint-full'].get('rss_mb', 0):.0f} MB "
            f"| {ml['mean'] / rg['mean']:.1f}x | - | {findings(out, 'mandate-lint-full')} |"
        )
        lines.append(
            f"| ripgrep floor (rg -i -w -F, same terms) | whole corpus | {ms(rg['mean'])} ± {ms(rg['stddev'])} "
            f"| {ms(rg['user'] + rg['system'])} | {t['ripgrep-full'].get('rss_mb', 0):.0f} MB | 1.0x | - "
            f"| {findings(out, 'ripgrep-full')} |"
        )
    sml, srg = sub.get("mandate-lint"), sub.get("ripgrep-floor")
    if sml and srg:
        lines.append(
            f"| mandate-lint | subset | {ms(sml['mean'])} ± {ms(sml['stddev'])} | {ms(sml['user'] + sml['system'])} "
            f"| - | {sml['mean'] / srg['mean']:.1f}x | - | |"
        )
        lines.append(
            f"| ripgrep floor | subset | {ms(srg['mean'])} ± {ms(srg['stddev'])} | {ms(srg['user'] + srg['system'])} "
            f"| - | 1.0x | - | |"
        )
        for peer, label in (("textlint", "textlint + prh (same terms)"), ("proselint", "proselint (its own checks)")):
            p = t.get(peer) or {}
            if not p.get("wall"):
                continue
            lines.append(
                f"| {label} | subset, 1 run | {ms(p['wall'])} | {ms(p['cpu'])} | {p['rss_mb']:.0f} MB "
                f"| {p['wall'] / srg['mean']:.0f}x | {p['wall'] / sml['mean']:.0f}x wall, "
                f"{p['cpu'] / (sml['user'] + sml['system']):.0f}x CPU | {findings(out, peer)} |"
            )
            if ml and rg:
                est = p["wall"] * scale
                lines.append(
                    f"| {label} | whole corpus, scaled | ~{ms(est)} | ~{ms(p['cpu'] * scale)} | - "
                    f"| {est / rg['mean']:.0f}x | {est / ml['mean']:.0f}x | |"
                )
    load = (out / "load.txt").read_text().strip().replace("\n", "; ") if (out / "load.txt").exists() else ""
    lines += ["", f"Load average (1, 5, 15 min) on this 2-core machine: {load}."]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
