#!/usr/bin/env bash
# probe-phases.sh — wall time of Carry's own functions inside one command, from uprobes on a
# NativeAOT binary published with its symbols; no rebuild, no instrumentation in the code.
#
#   dotnet publish src/Carry.Cli -c Release -r linux-x64 -p:PublishAot=true \
#     -p:CopyOutputSymbolsToPublishDirectory=true -o /tmp/aot
#   RUNS=7 PREPARE='cp -a /tmp/state /tmp/work' bench/probe-phases.sh /tmp/aot/carry \
#     Sync__Skip WorkingTree__Snapshot GitCli__Execute -- env -C /tmp/work /tmp/aot/carry sync --skip
#
# Each NAME is matched against the binary's symbols (nm on carry.dbg: e.g. Sync__Skip matches
# Carry_Engine_Carry_Operations_Sync_Sync__Skip); an entry and a return probe are added for each,
# the command runs RUNS times under `perf record` (PREPARE, if set, runs before each), and the
# median and minimum time spent inside each function per run are printed. Needs root and perf.
# A return probe swaps the function's return address on the stack, and the runtime cannot unwind
# through such a frame: seen on Sync__Start (not on Sync__Detector or WorkingTree__Switch), the
# process aborts (exit 134) and the run changes nothing. Time such a function by its callees.
set -euo pipefail
bin=$1; shift
names=()
while [[ $# -gt 0 && $1 != -- ]]; do names+=("$1"); shift; done
[[ ${1:-} == -- ]] || { echo "usage: $0 CARRY NAME... -- COMMAND..." >&2; exit 2; }
shift
dbg=${bin}.dbg; [[ -f $dbg ]] || dbg=$(dirname "$bin")/carry.dbg
[[ -f $dbg ]] || { echo "no symbols next to $bin (publish with CopyOutputSymbolsToPublishDirectory=true)" >&2; exit 2; }
perf probe -q -d 'probe_carry:*' >/dev/null 2>&1 || true
for n in "${names[@]}"; do
  sym=$(nm "$dbg" | awk -v n="$n" '$2 ~ /^[tT]$/ && index($3, n) && substr($3, length($3) - length(n) + 1) == n && !found { print $3; found = 1 }')
  [[ -n $sym ]] || { echo "no symbol ending in $n" >&2; exit 2; }
  perf probe -q -x "$bin" --add "$sym" >/dev/null 2>&1 || { echo "cannot add a probe on $sym" >&2; exit 2; }
  # perf cannot always place a return probe (some functions' epilogues): such a name is left out.
  perf probe -q -x "$bin" --add "${sym}%return" >/dev/null 2>&1 \
    || { echo "note: no return probe on $sym: left out" >&2; perf probe -q -d "probe_carry:$sym" >/dev/null 2>&1 || true; }
done
data=$(mktemp)
trap 'rm -f "$data"; perf probe -q -d "probe_carry:*" >/dev/null 2>&1 || true' EXIT
for _ in $(seq "${RUNS:-7}"); do
  [[ -n ${PREPARE:-} ]] && bash -c "$PREPARE" >/dev/null 2>&1
  perf record -q -e 'probe_carry:*' -o "$data" -- "$@" >/dev/null 2>&1 || true
  perf script -i "$data" -F time,event 2>/dev/null | awk '{ t = $1 * 1000; e = $2; sub(/:$/, "", e); sub(/^probe_carry:/, "", e)
    if (e ~ /__return$/) { b = e; sub(/__return$/, "", b); if (b in st) { d[b] += t - st[b]; delete st[b] } } else st[e] = t }
    END { for (k in d) printf "%s %.3f\n", k, d[k] }'
done | python3 -c '
import collections, statistics, sys
v = collections.defaultdict(list)
for line in sys.stdin:
    k, x = line.split(); v[k].append(float(x))
for k, xs in sorted(v.items(), key=lambda kv: -statistics.median(kv[1])):
    print(f"{k[-60:]:60s} median {statistics.median(xs):7.2f} ms  min {min(xs):7.2f} ms  ({len(xs)} runs)")
'
