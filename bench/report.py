#!/usr/bin/env python3
"""Turn bench/run.sh measurements into the one table of bench/README.md.

Usage: report.py OUT_DIR FULL_FILES FULL_BYTES BINARY
"""

import json
import os
import re
import sys
from pathlib import Path

# Targets of issue 15 (benchmarks, not tests).
CORPUS_FLOOR_RATIO = 8.0
CORPUS_FLOOR_STRETCH = 3.0
CORPUS_RSS_MB = 100
STARTUP_MS = 15.0
LSP_P99_MS = {"60": 10.0, "250": 15.0}
BINARY_MB = 15.0


def time_v(path: Path) -> dict:
    """Peak RSS (MB) from `/usr/bin/time -v`."""
    if not path.exists():
        return {}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", path.read_text())
    return {"rss_mb": int(m.group(1)) / 1024} if m else {}


def last_json(path: Path):
    """The last line of an `lsp_latency --json` output, parsed; None when there is none."""
    text = path.read_text().strip() if path.exists() else ""
    return json.loads(text.splitlines()[-1]) if text else None


def ms(seconds: float) -> str:
    v = seconds * 1000
    return f"{v:,.1f} ms" if v < 100 else f"{v:,.0f} ms"


def met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def main() -> int:
    out = Path(sys.argv[1])
    files, size, binary = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    hf = {r["command"]: r for r in json.loads((out / "hyperfine.json").read_text())["results"]}
    floor, corpus, rules, page = (hf.get(k) for k in ("floor", "corpus", "rules", "one-page"))
    if not (floor and corpus and rules and page):
        print("incomplete measurements in", out)
        return 1
    cpu = lambda r: r["user"] + r["system"]  # noqa: E731
    rss = lambda name: time_v(out / f"time-{name}.txt").get("rss_mb", 0)  # noqa: E731
    lines = [
        f"Corpus: {files} files, {size / 1e6:.1f} MB. Wall and CPU: mean of hyperfine runs "
        "(± standard deviation); peak RSS: one `/usr/bin/time -v` run.",
        "",
        "| case | wall | CPU (user+sys) | peak RSS | ratio | target | met? |",
        "|---|---|---|---|---|---|---|",
    ]
    fw, fc = floor["mean"], cpu(floor)
    lines.append(
        f"| floor: `rg -c -i -F -f dsr-terms.txt`, whole corpus | {ms(fw)} ± {ms(floor['stddev'])} "
        f"| {ms(fc)} | {rss('floor'):.0f} MB | 1 | - | - |"
    )
    cw, cc = corpus["mean"], cpu(corpus)
    ratio = cw / fw
    lines.append(
        f"| mandate-lint check --format json, all rules, whole corpus | {ms(cw)} ± {ms(corpus['stddev'])} "
        f"| {ms(cc)} (CPU/wall {cc / cw:.2f}) | {rss('corpus'):.0f} MB | {ratio:.1f}x floor wall, "
        f"{cc / fc:.1f}x floor CPU | ≤ {CORPUS_FLOOR_RATIO:.0f}x (stretch ≤ {CORPUS_FLOOR_STRETCH:.0f}x), "
        f"≤ {CORPUS_RSS_MB} MB | {met(ratio <= CORPUS_FLOOR_RATIO and rss('corpus') <= CORPUS_RSS_MB)} |"
    )
    for name, label in (("rules", "`mandate-lint rules` (start-up)"), ("one-page", "`check` of a one-page draft (2.6 KB)")):
        r = hf[name]
        lines.append(
            f"| {label} | {ms(r['mean'])} ± {ms(r['stddev'])} | {ms(cpu(r))} | {rss(name):.0f} MB "
            f"| {r['mean'] * 1000 / STARTUP_MS:.2f}x target | ≤ {STARTUP_MS:.0f} ms | {met(r['mean'] * 1000 <= STARTUP_MS)} |"
        )
    for size_kb in ("60", "250"):
        r = last_json(out / f"lsp-{size_kb}.json")
        if r is None:
            continue
        target = LSP_P99_MS[size_kb]
        f = last_json(out / f"lsp-floor-{size_kb}.json")
        if f:
            lines.append(
                f"| LSP floor: the same server publishing its last findings without checking, "
                f"{f['bytes'] / 1024:.0f} KB draft | p50 {f['p50_ms']:.2f} ms, p99 {f['p99_ms']:.2f} ms | - | - | 1 | - | - |"
            )
        above = (
            f"; p50 {r['p50_ms'] / f['p50_ms']:.1f}x the floor, the check {r['p50_ms'] - f['p50_ms']:.2f} ms above it"
            if f else ""
        )
        lines.append(
            f"| LSP didChange → publishDiagnostics, {r['bytes'] / 1024:.0f} KB draft, {r['edits']} edits "
            f"| p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms (first check {r['first_ms']:.0f} ms; "
            f"parsed by the client: p50 {r.get('parsed_p50_ms', float('nan')):.1f}, p99 {r.get('parsed_p99_ms', float('nan')):.1f} ms) | - | - "
            f"| {r['p99_ms'] / target:.2f}x target{above} | p99 ≤ {target:.0f} ms | {met(r['p99_ms'] <= target)} |"
        )
    mb = os.path.getsize(binary) / 1e6
    lines.append(f"| release binary size | - | - | - | - | ≤ {BINARY_MB:.0f} MB | {mb:.1f} MB: {met(mb <= BINARY_MB)} |")
    load = (out / "load.txt").read_text().strip().replace("\n", "; ") if (out / "load.txt").exists() else ""
    lines += ["", f"Load average (1, 5, 15 min) on this shared 2-core machine: {load}."]
    sub = out / "hyperfine-subset.json"
    if sub.exists():
        sml = json.loads(sub.read_text())["results"][0]
        lines += ["", "Peers on the subset (one run each; mandate-lint: mean of hyperfine runs):", ""]
        lines += ["| tool | wall | CPU | peak RSS |", "|---|---|---|---|",
                  f"| mandate-lint | {ms(sml['mean'])} | {ms(cpu(sml))} | - |"]
        for peer in ("textlint", "proselint"):
            t = out / f"time-{peer}.txt"
            if t.exists():
                text = t.read_text()
                wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
                secs = 0.0
                for part in (wall.group(1) if wall else "0").split(":"):
                    secs = secs * 60 + float(part)
                lines.append(f"| {peer} | {ms(secs)} | - | {rss(peer):.0f} MB |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
