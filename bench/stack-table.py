#!/usr/bin/env python3
"""stack-table.py RESULTS CORPUS — one Markdown table (operation x tool, median ms, peer/carry
ratio) from the hyperfine JSON files run-stack.sh wrote: RESULTS/stack-CORPUS-OP-TOOL.json,
plus RESULTS/stack-CORPUS.env for the header."""
import json, os, sys

results, corpus = sys.argv[1], sys.argv[2]
OPS = [("series", "series (all applied)"),
       ("pop-all", "pop -a (from all applied)"),
       ("push-all", "push -a (from none applied)"),
       ("goto", "goto middle (from none applied)"),
       ("refresh", "refresh -p middle (all applied)")]
TOOLS = ["carry", "stg", "quilt"]

env = {}
envp = os.path.join(results, f"stack-{corpus}.env")
if os.path.exists(envp):
    for line in open(envp):
        k, _, v = line.rstrip("\n").partition("=")
        env[k] = v

data = {}
for op, _ in OPS:
    for t in TOOLS:
        p = os.path.join(results, f"stack-{corpus}-{op}-{t}.json")
        if os.path.exists(p):
            d = json.load(open(p))
            r = d["results"][0]
            data[op, t] = {"median": r["median"] * 1000, "n": len(r["times"]), "bad": d.get("invalid"),
                           "cpu": ((r.get("user") or 0) + (r.get("system") or 0)) * 1000}

tools = [t for t in TOOLS if any((op, t) in data for op, _ in OPS)]
peers = [t for t in tools if t != "carry"]


def ms(v):
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}"


out = [f"## Stack operations: {env.get('desc', corpus)}", ""]
out.append(f"{env.get('files', '?')} files, {env.get('patches', '?')} patches on `{env.get('base', '?')}`; "
           f"middle patch #{env.get('mid', '?')} ("
           + ", ".join(f"{t}: `{env.get('mid.' + t, '?')}`" for t in tools)
           + f"); refresh edits `{env.get('edit', '?')}`.")
out.append("")
def table(metric, label):
    hdr = ["operation"] + [f"{t} {label}" for t in tools]
    hdr += [f"{t} / carry" for t in peers if "carry" in tools]
    rows = ["| " + " | ".join(hdr) + " |", "|" + "|".join(["---"] + ["---:"] * (len(hdr) - 1)) + "|"]
    for op, oplabel in OPS:
        if not any((op, t) in data for t in tools):
            continue
        row = [oplabel]
        for t in tools:
            if (op, t) in data:
                d = data[op, t]
                cell = ms(d[metric]) + (f" (n={d['n']})" if metric == "median" else "")
                row.append(cell + (" ⚠" if d["bad"] else ""))
            else:
                row.append("—")
        if "carry" in tools:
            for t in peers:
                if (op, t) in data and (op, "carry") in data and data[op, "carry"][metric] > 0:
                    row.append(f"{data[op, t][metric] / data[op, 'carry'][metric]:.1f}×")
                else:
                    row.append("—")
        rows.append("| " + " | ".join(row) + " |")
    return rows


out += table("median", "(ms)")
out.append("")
out.append("Median of n hyperfine runs (ratio = peer median / carry median; > 1 means Carry is faster). "
           "Every run starts from a restored snapshot (see bench/README.md).")
for t in tools:
    if f"version.{t}" in env:
        out.append(f"- {t}: {env['version.' + t]}")
if "machine" in env:
    out.append(f"- machine: {env['machine']}; run {env.get('date', '')}; load average "
               f"{env.get('load.start', '?')} at start, {env.get('load.end', '?')} at end "
               f"(other work on the machine skews the numbers)")
out.append("")
out.append("CPU time (user + system of the command and its children, mean over the runs, ms): "
           "less sensitive than wall time to other load on the machine.")
out.append("")
out += table("cpu", "CPU (ms)")
notes = [f"⚠ {t} {op}: {d['bad']}" for (op, t), d in data.items() if d["bad"]]
if notes:
    out.append("")
    out += notes
print("\n".join(out))
