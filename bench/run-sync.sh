#!/usr/bin/env bash
# run-sync.sh — re-applying a whole series onto a moved upstream: carry sync vs git rebase --onto
# vs StGit 0.19 stg rebase, side by side (issue 4's performance section).
#
#   bench/run-sync.sh                 prepare data (cached in bench/data/sync/), measure, print tables
#   bench/run-sync.sh --prepare-only  only build the cached data (sync-setup.sh) and snapshots
#
# Scenarios (sync-setup.sh builds them; bench/README.md describes them):
#   glibc  glibc 2.36 + Debian 2.36-9+deb12u14 (109 patches); upstream-new = base + 200 synthetic
#          commits on files the series does not touch + 10 on series files (clean 3-way merges)
#   synth  gen-synthetic.py --files 50000 --series 1000; upstream-new = its 200-commit upstream
#   release  a kernel release jump (issue 12): gen-synthetic.py --files 80000 --series 70
#          --upstream 300 --upstream-pool 1300 (upstream changes ~1,300 files; a few patches merge)
# Measured, in each tool's own copy of the repo, every run restored first (hyperfine --prepare):
#   git    git rebase --onto upstream-new base work
#   stg    stg rebase upstream-new               (StGit 0.19; stack made by stg uncommit -n N)
#   carry  carry sync --onto upstream-new         (stack made by carry init --base base)
#
# Environment (all optional):
#   CARRY=/path/to/carry     Carry binary (default: bench/data/carry-aot/carry if present, else a JIT
#                            build published into bench/data/carry-bin; CARRY_BUILD=0: never build).
#                            A Carry without 'sync --onto' is skipped with a message.
#   TOOLS="git stg carry"    SCENARIOS="glibc synth" (or any of glibc synth release)
#   RUNS_GLIBC=5 WARMUP_GLIBC=0 RUNS_SYNTH=3 WARMUP_SYNTH=0
#                            runs per scenario, all tools in one hyperfine run. A tool given its own
#                            count (RUNS_<SCENARIO>_<TOOL>, WARMUP_<SCENARIO>_<TOOL>) is measured in
#                            a hyperfine run of its own: by default RUNS_SYNTH_STG=1 (StGit takes
#                            minutes there; RUNS_SYNTH_STG= puts it back in the joint run).
#                            Before that, each tool runs once under /usr/bin/time -v (peak memory,
#                            a check that it works, cache warmup), so warmup defaults to 0.
#   CARRY_CACHE=warm         the Carry snapshot keeps the change cache 'carry init' wrote (.git/carry-changes,
#                            docs/storage.md), as every sync after the first finds it; CARRY_CACHE=cold removes
#                            it: the first sync of a stack no carry command here recorded (a fresh clone)
#   RSS=1                    report the peak RSS of that run (RSS=0: do not report it)
#   QUIET_WAIT=0 QUIET_LOAD=1.5  if QUIET_WAIT > 0: before each hyperfine run wait up to that many
#                            seconds for the 1-minute load average to fall below QUIET_LOAD
#   RESULTS=bench/results    where tables, JSON and the log go
#   + sync-setup.sh's knobs: GLIBC_REV, UP_OTHER, UP_SAME, UP_SEED, SYNTH_FILES, SYNTH_SERIES, …
#
# Output: RESULTS/sync-SCENARIO.md (table: medians, ratio peer ÷ carry, ms per patch, peak RSS,
# result check), sync-SCENARIO.json (hyperfine export, one result per tool), sync-SCENARIO-rss.json,
# sync-SCENARIO-checks.json, sync-SCENARIO.env (header data), sync-run.log (everything).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
DATA=$BENCH/data
RESULTS=${RESULTS:-$BENCH/results}
mkdir -p "$DATA/sync" "$RESULTS"
LOG=$RESULTS/sync-run.log

PREPARE_ONLY=0
for a in "$@"; do
  case $a in
    --prepare-only) PREPARE_ONLY=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run-sync: unknown argument '$a'" >&2; exit 2 ;;
  esac
done

TOOLS=${TOOLS:-git stg carry}
SCENARIOS=${SCENARIOS:-glibc synth}
RUNS_GLIBC=${RUNS_GLIBC:-5}
WARMUP_GLIBC=${WARMUP_GLIBC:-0}
RUNS_SYNTH=${RUNS_SYNTH:-3}
WARMUP_SYNTH=${WARMUP_SYNTH:-0}
RUNS_RELEASE=${RUNS_RELEASE:-5}
WARMUP_RELEASE=${WARMUP_RELEASE:-0}
RSS=${RSS:-1}
# StGit 0.19 needs ~2-3 minutes for the 1,000 synthetic patches: one timed run (after the probe),
# in a hyperfine run of its own. RUNS_SYNTH_STG= (empty) puts it back with the others.
RUNS_SYNTH_STG=${RUNS_SYNTH_STG-1}

export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.invalid"
export GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.invalid"
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
export NO_COLOR=1 GIT_PAGER=cat PAGER=cat LC_ALL=C.UTF-8

log()  { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$LOG" >&2; }
warn() { log "WARNING: $*"; }
die()  { log "ERROR: $*"; exit 1; }
loud() {  # a problem nobody may miss in the output
  local bar='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  { echo "$bar"; echo "!!! $*"; echo "$bar"; } | tee -a "$LOG" >&2
}

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need() { command -v "$1" >/dev/null || die "'$1' is required (apt-get install -y $2)"; }
need git git; need hyperfine hyperfine; need rsync rsync; need patch patch; need python3 python3

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
# Carry is usable here only if this build has 'sync --onto'.
carry_has_sync() {
  local help
  help=$("$CARRY" sync --help 2>&1) || return 1
  # an unknown command prints the root help (exit code 0): look for sync's own usage line
  grep -q 'carry sync' <<<"$help" && grep -q -- '--onto' <<<"$help"
}

tool_cmd() {
  case $1 in
    git)   echo "git rebase --onto upstream-new base work" ;;
    stg)   echo "stg rebase upstream-new" ;;
    carry) echo "$(printf %q "$CARRY") sync --onto upstream-new" ;;
  esac
}

tool_label() {
  case $1 in git) echo "git rebase" ;; stg) echo "stg rebase" ;; carry) echo "carry sync" ;; esac
}

# snap-carry: the prepared repo + 'carry init --base base' (rebuilt on every run: Carry's storage
# may change between builds). Returns 1 if Carry cannot be used on the scenario.
prep_carry_snap() {  # scenario dir
  local c=$1 d=$2 s=$2/snap-carry got
  log "$c: Carry snapshot (carry init --base base)"
  mkdir -p "$s"
  rsync -a --delete "$d/git/" "$s/"
  git -C "$s" update-index -q --refresh || true
  if ! (cd "$s" && "$CARRY" init --base base) >>"$LOG" 2>&1; then
    warn "$c: 'carry init --base base' failed (see $LOG); skipping carry"; return 1
  fi
  if [[ ${CARRY_CACHE:-warm} == cold ]]; then rm -f "$s/.git/carry-changes"; fi
  got=$(cd "$s" && "$CARRY" series 2>>"$LOG" | grep -cE '^[-+>] ' || true)
  if [[ $got != "$N" ]]; then
    warn "$c: 'carry series' lists $got patches after init, want $N; skipping carry"; return 1
  fi
  git -C "$s" update-index -q --refresh || true
}

snap_of() {  # tool scenario-dir
  case $1 in git) echo "$2/git" ;; *) echo "$2/snap-$1" ;; esac
}

prep_cmd() {  # tool scenario-dir -> the hyperfine --prepare command (restore the work copy)
  printf '%q %q %q' "$BENCH/stack-restore.sh" "$(snap_of "$1" "$2")" "$2/work-$1"
}

run_cmd() {  # tool scenario-dir -> the measured command
  printf 'cd %q && %s' "$2/work-$1" "$(tool_cmd "$1")"
}

# The result every tool must reach: the tree git rebase makes (REF_TREE, from sync-setup.sh),
# N patches on top of upstream-new, branch work checked out, a clean index and working tree.
check_result() {  # tool work-dir -> prints the problem, returns 1 if any
  local t=$1 w=$2 head tree n problems=()
  head=$(git -C "$w" symbolic-ref -q HEAD || echo detached)
  [[ $head == refs/heads/work ]] || problems+=("HEAD is $head, not refs/heads/work")
  tree=$(git -C "$w" rev-parse -q --verify 'work^{tree}' || echo none)
  [[ $tree == "$REF_TREE" ]] || problems+=("tree of work is $tree, git rebase's is $REF_TREE")
  git -C "$w" merge-base --is-ancestor upstream-new work 2>/dev/null \
    || problems+=("work is not based on upstream-new")
  n=$(git -C "$w" rev-list --count upstream-new..work 2>/dev/null || echo '?')
  [[ $n == "$N" ]] || problems+=("$n commits on upstream-new, want $N")
  [[ -z $(git -C "$w" status --porcelain --untracked-files=no 2>/dev/null) ]] \
    || problems+=("index or working tree not clean")
  if [[ $t == stg ]]; then
    n=$(cd "$w" && stg series -A --noprefix 2>/dev/null | wc -l)
    [[ $n == "$N" ]] || problems+=("stg lists $n applied patches, want $N")
  fi
  ((${#problems[@]} == 0)) && return 0
  local joined
  printf -v joined '%s; ' "${problems[@]}"; echo "${joined%; }"; return 1
}

# What differs from the reference tree (paths), for the log and the terminal.
show_tree_diff() {  # work-dir
  local w=$1
  [[ -d $D/reference.git ]] || return 0
  git -C "$w" fetch -q "$D/reference.git" "+refs/heads/work:refs/bench/reference" 2>/dev/null || return 0
  echo "    paths that differ from git rebase's result (first 20):"
  git -C "$w" diff --no-renames --name-status refs/bench/reference 'work^{tree}' | head -n 20 | sed 's/^/      /'
  git -C "$w" update-ref -d refs/bench/reference
}


upper() { tr '[:lower:]' '[:upper:]' <<<"$1"; }

# hyperfine, side by side, each tool with its own --prepare (restore); appends the JSON to parts.
hf() {  # json runs warmup tools...
  local json=$1 runs=$2 warm=$3 args=() t; shift 3
  for t in "$@"; do args+=(--prepare "$(prep_cmd "$t" "$D")"); done
  for t in "$@"; do args+=(-n "$(tool_label "$t")" "$(run_cmd "$t" "$D")"); done
  wait_quiet
  log "$c: hyperfine --runs $runs --warmup $warm: $* (load $(cut -d' ' -f1 /proc/loadavg))"
  hyperfine --style basic --runs "$runs" --warmup "$warm" --export-json "$json" "${args[@]}" >>"$LOG" 2>&1 \
    || { warn "$c: hyperfine failed for $* (see $LOG)"; return 1; }
  parts+=("$json")
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
t_start=$(date +%s)
: >"$LOG"
log "run-sync: scenarios=[$SCENARIOS] tools=[$TOOLS] data=$DATA/sync results=$RESULTS"

want_tool() { [[ " $TOOLS " == *" $1 "* ]]; }
ACTIVE=()
want_tool git && ACTIVE+=(git)
if want_tool stg; then
  if command -v stg >/dev/null && stg --version >/dev/null 2>&1; then ACTIVE+=(stg); else warn "stg not available; skipping it"; fi
fi
if want_tool carry; then
  resolve_carry
  if [[ -n ${CARRY:-} ]]; then
    if carry_has_sync; then ACTIVE+=(carry)
    else warn "carry ($CARRY) has no 'sync --onto' yet; skipping carry (git and stg are still measured)"; fi
  fi
fi
[[ ${#ACTIVE[@]} -gt 0 ]] || die "no tool to measure"
SKIP_STG=1
[[ " ${ACTIVE[*]} " == *" stg "* ]] && SKIP_STG=0
export SKIP_STG

for c in $SCENARIOS; do
  [[ $c == glibc || $c == synth || $c == release ]] || die "unknown scenario '$c' (glibc, synth or release)"
  D=$DATA/sync/$c
  SETUP_LOG=$LOG "$BENCH/sync-setup.sh" "$c" 2>&1 | tee -a "$LOG" >&2 || die "$c: sync-setup.sh failed"
  # shellcheck disable=SC1091
  source "$D/meta.env"
  tools=()
  for t in "${ACTIVE[@]}"; do
    case $t in
      carry) if prep_carry_snap "$c" "$D"; then tools+=(carry); fi ;;
      stg) [[ -f $D/snap-stg.ok ]] && tools+=(stg) || warn "$c: no StGit snapshot; skipping stg" ;;
      *) tools+=("$t") ;;
    esac
  done
  [[ $PREPARE_ONLY == 1 ]] && continue
  ((${#tools[@]} > 0)) || { warn "$c: no tool to measure"; continue; }

  C=$(upper "$c")
  runs_var=RUNS_$C; warm_var=WARMUP_$C
  RUNS=${!runs_var}; WARM=${!warm_var}
  rm -f "$RESULTS/sync-$c"*.json "$RESULTS/sync-$c.env" "$RESULTS/sync-$c.md"
  for t in "${tools[@]}"; do
    rm -f "$D/work-$t".*.index   # index copies of older snapshots (stack-restore.sh)
    mkdir -p "$D/work-$t"
  done
  {
    echo "scenario=$c"; echo "desc=$DESC"; echo "files=$FILES"; echo "patches=$N"
    echo "upstream_commits=$UP_COMMITS"; echo "ref_tree=$REF_TREE"; echo "carry_cache=${CARRY_CACHE:-warm}"
    for t in "${tools[@]}"; do echo "version.$t=$(tool_version "$t")"; echo "cmd.$t=$(tool_cmd "$t")"; done
    echo "machine=$(nproc) cores, $(uname -sr), git $(git --version | awk '{print $3}'), hyperfine $(hyperfine --version | awk '{print $2}')"
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "load.start=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$RESULTS/sync-$c.env"
  log "$c: $FILES files, $N patches, upstream-new = base + $UP_COMMITS commits; tools: ${tools[*]}"

  # 1. One /usr/bin/time -v run per tool: peak RSS, a probe that the tool works at all (a tool that
  #    fails here is not timed), and the warmup of the caches for the timed runs.
  ok_tools=()
  rss_json=$RESULTS/sync-$c-rss.json checks_json=$RESULTS/sync-$c-checks.json
  echo '{}' >"$rss_json"; echo '{}' >"$checks_json"
  for t in "${tools[@]}"; do
    bash -c "$(prep_cmd "$t" "$D")" >>"$LOG" 2>&1 || die "$c/$t: restore failed"
    tf=$D/$t.time
    log "$c/$t: probe run under /usr/bin/time -v: $(tool_cmd "$t")"
    out=$D/$t.out
    if /usr/bin/time -v -o "$tf" bash -c "$(run_cmd "$t" "$D")" >"$out" 2>&1; then
      cat "$out" >>"$LOG"
      kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
      wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tf")
      log "  $c/$t: ok, wall $wall, peak RSS $((kb / 1024)) MB"
      [[ $RSS == 1 ]] && python3 "$BENCH/sync-table.py" set "$rss_json" "$t" "$kb"
      if problem=$(check_result "$t" "$D/work-$t"); then
        ok_tools+=("$t")
      else
        loud "$c/$t: WRONG RESULT after the probe run: $problem"
        show_tree_diff "$D/work-$t" | tee -a "$LOG" >&2
        python3 "$BENCH/sync-table.py" set "$checks_json" "$t" "WRONG RESULT: $problem"
        ok_tools+=("$t")   # still timed, but marked in the table
      fi
    else
      cat "$out" >>"$LOG"
      loud "$c/$t: '$(tool_cmd "$t")' FAILED ($(grep -m1 'Exit status' "$tf" | sed 's/^[[:space:]]*//')); not timed. Its last lines:"
      tail -n 5 "$out" | sed 's/^/    /' | tee -a "$LOG" >&2
      python3 "$BENCH/sync-table.py" set "$checks_json" "$t" "failed: $(tail -n 2 "$out" | tr '\n' ' ' | cut -c1-200)"
    fi
  done

  # 2. hyperfine: the tools with the scenario's run count side by side in one run; a tool with its
  #    own count (RUNS_<SCENARIO>_<TOOL>, WARMUP_<SCENARIO>_<TOOL>) in a run of its own.
  joint=() own=()
  for t in "${ok_tools[@]}"; do
    rv=RUNS_${C}_$(upper "$t"); wv=WARMUP_${C}_$(upper "$t")
    if [[ -n ${!rv:-} || -n ${!wv:-} ]]; then own+=("$t"); else joint+=("$t"); fi
  done
  parts=()
  if ((${#joint[@]} > 0)); then hf "$RESULTS/.sync-$c-joint.json" "$RUNS" "$WARM" "${joint[@]}" || true; fi
  for t in "${own[@]}"; do
    rv=RUNS_${C}_$(upper "$t"); wv=WARMUP_${C}_$(upper "$t")
    echo "own.$t=${!rv:-$RUNS}" >>"$RESULTS/sync-$c.env"
    hf "$RESULTS/.sync-$c-$t.json" "${!rv:-$RUNS}" "${!wv:-$WARM}" "$t" || true
  done
  if ((${#parts[@]} > 0)); then
    python3 "$BENCH/sync-table.py" merge "$RESULTS/sync-$c.json" "${parts[@]}"
    rm -f "${parts[@]}"
  fi

  # 3. The state after the last timed run must be the reference result too.
  for t in "${ok_tools[@]}"; do
    if problem=$(check_result "$t" "$D/work-$t"); then
      log "  $c/$t: result ok (tree $REF_TREE, $N patches on upstream-new)"
    else
      loud "$c/$t: WRONG RESULT after the timed runs: $problem"
      show_tree_diff "$D/work-$t" | tee -a "$LOG" >&2
      python3 "$BENCH/sync-table.py" set "$checks_json" "$t" "WRONG RESULT: $problem"
    fi
  done
  echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/sync-$c.env"
  python3 "$BENCH/sync-table.py" table "$RESULTS" "$c" | tee "$RESULTS/sync-$c.md"
done
log "run-sync: done in $(( $(date +%s) - t_start )) s; results in $RESULTS"
