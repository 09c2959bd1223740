#!/usr/bin/env python3
"""sync-table.py — helpers and the result table of run-sync.sh.

  sync-table.py set FILE KEY VALUE      FILE (a JSON object) gets KEY = VALUE (number if it is one)
  sync-table.py merge OUT IN...         OUT = the hyperfine exports IN... with their results joined
  sync-table.py table RESULTS SCENARIO  Markdown table from RESULTS/sync-SCENARIO{.json,-rss.json,
                                        -checks.json,.env}: median, runs, ratio peer / carry, ms per
                                        patch, CPU time, peak RSS, result check
"""
import json, os, sys

TOOLS = ["carry", "git", "stg"]
LABEL = {"carry": "carry sync", "git": "git rebase", "stg": "stg rebase"}
BY_LABEL = {v: k for k, v in LABEL.items()}


def load(p, default=None):
    if not os.path.exists(p):
        return default
    with open(p) as f:
        return json.load(f)


def save(p, d):
    with open(p, "w") as f:
        json.dump(d, f, indent=1)


def fmt_s(ms):
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def table(results, sc):
    env = {}
    envp = os.path.join(results, f"sync-{sc}.env")
    if os.path.exists(envp):
        for line in open(envp):
            k, _, v = line.rstrip("\n").partition("=")
            env[k] = v
    hf = load(os.path.join(results, f"sync-{sc}.json"), {"results": []})
    rss = load(os.path.join(results, f"sync-{sc}-rss.json"), {})
    checks = load(os.path.join(results, f"sync-{sc}-checks.json"), {})
    n = int(env.get("patches", "0") or 0)
    data = {}
    for r in hf["results"]:
        t = BY_LABEL.get(r["command"], r["command"])
        data[t] = {"median": r["median"] * 1000, "min": r["min"] * 1000, "max": r["max"] * 1000,
                   "n": len(r["times"]), "cpu": ((r.get("user") or 0) + (r.get("system") or 0)) * 1000}
    tools = [t for t in TOOLS if t in data or t in rss or t in checks]
    carry = data.get("carry")

    out = [f"## Sync: {sc}", "", env.get("desc", ""), "",
           f"{env.get('files', '?')} files, {n} patches, upstream-new = base + {env.get('upstream_commits', '?')} commits. "
           f"Reference result: the tree of `git rebase --onto upstream-new base work` ({env.get('ref_tree', '?')[:12]}).", ""]
    hdr = ["tool", "command", "median", "min – max", "n", "peer ÷ carry", "ms / patch", "CPU (user+sys)", "peak RSS", "result"]
    out.append("| " + " | ".join(hdr) + " |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for t in tools:
        d = data.get(t)
        row = [LABEL[t], f"`{env.get('cmd.' + t, '?')}`".replace("|", "\\|")]
        if d:
            row += [fmt_s(d["median"]), f"{fmt_s(d['min'])} – {fmt_s(d['max'])}", str(d["n"])]
            if t == "carry":
                row.append("1×")
            elif carry and carry["median"] > 0:
                row.append(f"{d['median'] / carry['median']:.1f}×")
            else:
                row.append("—")
            row.append(f"{d['median'] / n:.2f}" if n else "—")
            row.append(fmt_s(d["cpu"]))
        else:
            row += ["not timed", "", "", "—", "—", "—"]
        row.append(f"{rss[t] / 1024:.0f} MB" if t in rss else "—")
        row.append(f"⚠ {checks[t]}" if t in checks else "ok")
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("Median of n hyperfine runs, each from a restored copy of the repository (bench/README.md). "
               "peer ÷ carry > 1 means Carry is faster. ms / patch = median ÷ patches. "
               "Peak RSS: one `/usr/bin/time -v` run (the largest single process of the command). "
               "result ok = branch `work` has git rebase's tree, the patches sit on upstream-new, index and tree clean.")
    if carry:
        goals = []
        # Issue 12's targets: glibc >= 30x, the 1,000-patch synthetic >= 100x (<= 0.5 ms a patch),
        # the release jump >= 10x; peak memory within 1.5x git's everywhere.
        want = {"glibc": 30, "synth": 100, "release": 10}.get(sc, 30)
        if "git" in data:
            r = data["git"]["median"] / carry["median"]
            goals.append(f"git rebase ÷ carry sync = {r:.1f}× (target ≥ {want}×: {'met' if r >= want else 'NOT met'})")
        if sc == "synth" and n:
            m = carry["median"] / n
            goals.append(f"carry sync {m:.2f} ms per patch (target ≤ 0.5 ms: {'met' if m <= 0.5 else 'NOT met'})")
        if "carry" in rss and "git" in rss:
            q = rss["carry"] / rss["git"]
            goals.append(f"peak RSS carry ÷ git = {q:.1f}× (target ≤ 1.5×: {'met' if q <= 1.5 else 'NOT met'})")
        if goals:
            out.append("")
            out.append("Issue 12 targets: " + "; ".join(goals) + ".")
    else:
        out.append("")
        out.append("carry sync: not measured (no Carry build with `sync --onto`, or it failed; see the log).")
    out.append("")
    for t in tools:
        if f"version.{t}" in env:
            out.append(f"- {LABEL[t]}: {env['version.' + t]}")
    if "carry_cache" in env and "version.carry" in env:
        out.append(f"- Carry's change cache: {env['carry_cache']} (" + ("as `carry init` left it, as every sync after the first finds it" if env["carry_cache"] == "warm"
                   else "removed: the first sync of a stack no carry command here recorded") + ")")
    if "machine" in env:
        out.append(f"- machine: {env['machine']}; run {env.get('date', '')}; load average "
                   f"{env.get('load.start', '?')} at start, {env.get('load.end', '?')} at end "
                   f"(other work on the machine skews wall time; CPU time moves less)")
    own = [t for t in tools if f"own.{t}" in env]
    if own:
        out.append("- measured in a hyperfine run of their own (too slow for the joint run's count): "
                   + ", ".join(f"{LABEL[t]} ({env['own.' + t]} run(s) after the /usr/bin/time run)" for t in own))
    bad = [t for t in tools if t in checks]
    if bad:
        out.append("")
        out += [f"⚠ {LABEL[t]}: {checks[t]}" for t in bad]
    return "\n".join(out)


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "set":
        p, k, v = sys.argv[2:5]
        d = load(p, {})
        try:
            d[k] = int(v)
        except ValueError:
            d[k] = v
        save(p, d)
    elif cmd == "merge":
        out, ins = sys.argv[2], sys.argv[3:]
        merged = {"results": []}
        for p in ins:
            merged["results"] += load(p)["results"]
        order = {LABEL[t]: i for i, t in enumerate(["git", "stg", "carry"])}
        merged["results"].sort(key=lambda r: order.get(r["command"], 99))
        save(out, merged)
    elif cmd == "table":
        print(table(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
