#!/usr/bin/env python3
"""sync-resume-table.py RESULTS ROUNDS PATCHES FILES UPSTREAM: the resume benchmark's table (run-sync-resume.sh)."""
import statistics, sys

res, rounds, patches, files, upstream = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]

def load(tool):
    totals, resumes, rss, rsses, stops = [], [], 0, [], 0
    for r in range(1, rounds + 1):
        rows = [l.split() for l in open(f"{res}/resume-{tool}-{r}.txt") if l.strip() and not l.startswith("Command")]
        rows = [x for x in rows if x[2] in ("0", "1", "2")]  # a stop exits 2 (carry) or 1 (git); no sync to resume (128) is not a resume
        totals.append(sum(float(x[0]) for x in rows))
        resumes += [float(x[0]) for x in rows[1:]]
        rss = max([rss] + [int(x[1]) for x in rows[1:]])
        rsses += [int(x[1]) for x in rows[1:]]
        stops = len(rows) - 1
    procs = open(f"{res}/resume-{tool}-processes.txt").read().strip()
    return statistics.median(totals), statistics.median(resumes), rss, stops, procs, statistics.median(rsses)

g, c = load("git"), load("carry")
print(f"{patches} patches that all stop, {upstream} upstream commits, {files} files; {rounds} round(s); load {open('/proc/loadavg').read().split()[0]}")
print()
print("| tool | stops | whole sync | one resume (median) | git processes per resume | peak RSS of a resume (median / largest) |")
print("|---|---:|---:|---:|---:|---:|")
for name, (t, r, m, s, p, mm) in (("git rebase + --skip", g), ("carry sync + --skip", c)):
    print(f"| {name} | {s} | {t:.2f} s | {r * 1000:.1f} ms | {p} | {mm / 1024:.1f} / {m / 1024:.1f} MB |")
print()
print(f"carry ÷ git: whole sync {c[0] / g[0]:.2f}×, one resume {c[1] / g[1]:.2f}×, peak RSS {c[5] / max(g[5], 1):.2f}× median, {c[2] / max(g[2], 1):.2f}× largest (targets: resume ≤ 2×, memory ≤ 2×)")
