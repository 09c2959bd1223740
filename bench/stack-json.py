#!/usr/bin/env python3
"""Small helpers on hyperfine JSON exports, used by run-stack.sh.

  stack-json.py ms FILE                 print the median (ms, integer) of FILE's first result
  stack-json.py merge OUT PROBE MAIN    OUT = MAIN with PROBE's run(s) added (statistics recomputed)
  stack-json.py invalid FILE REASON     mark FILE's result as invalid (shown in the table)
  stack-json.py summary FILE            one line: median and number of runs
"""
import json, statistics, sys


def load(p):
    with open(p) as f:
        return json.load(f)


def save(p, d):
    with open(p, "w") as f:
        json.dump(d, f, indent=1)


cmd = sys.argv[1]
if cmd == "ms":
    print(int(load(sys.argv[2])["results"][0]["median"] * 1000))
elif cmd == "merge":
    out, probe, main = sys.argv[2:5]
    p, m = load(probe), load(main)
    rp, rm = p["results"][0], m["results"][0]
    n_p, n_m = len(rp["times"]), len(rm["times"])
    for k in ("user", "system"):  # hyperfine stores these as means
        if isinstance(rm.get(k), float) and isinstance(rp.get(k), float):
            rm[k] = (rp[k] * n_p + rm[k] * n_m) / (n_p + n_m)
    for k in ("times", "exit_codes"):
        if k in rm and k in rp:
            rm[k] = rp[k] + rm[k]
    t = rm["times"]
    rm["mean"] = statistics.mean(t)
    rm["stddev"] = statistics.stdev(t) if len(t) > 1 else None
    rm["median"] = statistics.median(t)
    rm["min"], rm["max"] = min(t), max(t)
    m["probe_included"] = True
    save(out, m)
elif cmd == "invalid":
    d = load(sys.argv[2])
    d["invalid"] = sys.argv[3]
    save(sys.argv[2], d)
elif cmd == "summary":
    r = load(sys.argv[2])["results"][0]
    print("median %.1f ms over %d runs (min %.1f, max %.1f)"
          % (r["median"] * 1000, len(r["times"]), r["min"] * 1000, r["max"] * 1000))
else:
    sys.exit(__doc__)
