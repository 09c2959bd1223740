#!/usr/bin/env bash
# run-stack.sh — stack operations measured side by side: Carry vs StGit vs quilt, in one run.
#
#   bench/run-stack.sh                 prepare data (cached in bench/data/), measure, print tables
#   bench/run-stack.sh --prepare-only  only build/refresh the cached data and snapshots
#
# Environment (all optional):
#   CARRY=/path/to/carry     Carry binary to measure (default: JIT build published by this script
#                            into bench/data/carry-bin; set CARRY_BUILD=0 to never build)
#   TOOLS="carry stg quilt"  tools to measure (a missing or non-working tool is skipped with a warning)
#   CORPORA="glibc synth"    corpora to measure
#   OPS="series pop-all push-all goto refresh"
#   GLIBC_REV=2.36-9+deb12u14   Debian revision whose series is carried on glibc
#   SYNTH_FILES=50000 SYNTH_SERIES=500
#   WARMUP=1 MIN_RUNS=3 MAX_RUNS=10 TIME_BUDGET_MS=3000   a probe run (WARMUP=1), then as many
#                            runs as fit TIME_BUDGET_MS of measured time, at least MIN_RUNS, at most
#                            MAX_RUNS (slow ones: MIN_RUNS in all, the probe counting as the first)
#   SLOW_MS=5000             an operation whose first (probe) run takes longer than this gets
#                            MIN_RUNS runs in all, the probe counting as the first (no warmup)
#   QUIET_WAIT=0 QUIET_LOAD=1.5   if QUIET_WAIT > 0: before each measurement wait up to that many
#                            seconds for the 1-minute load average to fall below QUIET_LOAD
#   CORPORA_DIR=...          where build-repo.sh / gen-synthetic.py live (default ../shared/corpora)
#
# Every measured run starts from the same state: hyperfine --prepare restores the tool's work
# copy from a pristine snapshot of the operation's start state (all applied, or none applied;
# stack-restore.sh, rsync). See bench/README.md for what is measured and how, exactly.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
DATA=$BENCH/data
RESULTS=$BENCH/results
mkdir -p "$DATA" "$RESULTS"
LOG=$RESULTS/stack-run.log

PREPARE_ONLY=0
for a in "$@"; do
  case $a in
    --prepare-only) PREPARE_ONLY=1 ;;
    -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-stack: unknown argument '$a'" >&2; exit 2 ;;
  esac
done

TOOLS=${TOOLS:-carry stg quilt}
CORPORA=${CORPORA:-glibc synth}
OPS=${OPS:-series pop-all push-all goto refresh}
GLIBC_REV=${GLIBC_REV:-2.36-9+deb12u14}
SYNTH_FILES=${SYNTH_FILES:-50000}
SYNTH_SERIES=${SYNTH_SERIES:-500}
WARMUP=${WARMUP:-1}
MIN_RUNS=${MIN_RUNS:-3}
MAX_RUNS=${MAX_RUNS:-10}
SLOW_MS=${SLOW_MS:-5000}
TIME_BUDGET_MS=${TIME_BUDGET_MS:-3000}
if [[ -z ${CORPORA_DIR:-} ]]; then
  for c in "$ROOT/../shared/corpora" /work/shared/corpora; do
    [[ -f $c/build-repo.sh ]] && { CORPORA_DIR=$(cd "$c" && pwd); break; }
  done
fi
[[ -n ${CORPORA_DIR:-} && -f $CORPORA_DIR/build-repo.sh ]] \
  || { echo "run-stack: corpora not found; set CORPORA_DIR" >&2; exit 2; }

# Deterministic identities for every commit this script makes; no user config leaks in.
export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.invalid"
export GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.invalid"
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
# quilt: no ~/.quiltrc or /etc/quilt.quiltrc, plain defaults, patches in ./patches.
export QUILT_PATCHES=patches QUILT_PC=.pc
QUILT="quilt --quiltrc=-"
export NO_COLOR=1 GIT_PAGER=cat PAGER=cat LC_ALL=C.UTF-8
EDIT_LINE='/* carry-bench: refresh edit */'

log()  { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$LOG" >&2; }
warn() { log "WARNING: $*"; }
die()  { log "ERROR: $*"; exit 1; }

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need() { command -v "$1" >/dev/null || die "'$1' is required (apt-get install -y $2)"; }
need git git; need hyperfine hyperfine; need rsync rsync; need patch patch; need python3 python3

# ---------------------------------------------------------------------------------------------
# Data preparation. Per corpus C, in bench/data/C/:
#   git/         git repo, branch 'carry' checked out = base ref + one commit per series patch
#   meta.env     BASE (ref), N (patches), MID (1-based middle position), EDIT_FILE, FILES
#   snap-stg/    copy of git/ after 'stg init' + 'stg uncommit -n N'      (cached)
#   snap-quilt/  plain tree of the base + patches/ + series, 'quilt push -a' done (cached)
#   snap-carry/  copy of git/ after 'carry init --base BASE'              (rebuilt every run)
#   work-TOOL/   the copy the measurements run in, restored from snap-TOOL before every run
# ---------------------------------------------------------------------------------------------

prep_glibc_git() {
  local d=$DATA/glibc
  if [[ ! -d $d/repo/.git || ! -f $d/series/$GLIBC_REV/series ]]; then
    log "glibc: build-repo.sh glibc $d"
    bash "$CORPORA_DIR/build-repo.sh" glibc "$d" >>"$LOG"
  fi
  [[ -f $d/series/$GLIBC_REV/series ]] || die "no series $GLIBC_REV in $d/series"
  [[ -f $d/git.ok && $(cat "$d/git.ok") == "$GLIBC_REV" ]] && return 0
  local base
  base=$(git -C "$d/repo" tag -l "upstream/*" | sed -n 1p)
  log "glibc: building branch carry = $base + series $GLIBC_REV (GNU patch, one commit per patch)"
  rm -rf "$d/git" "$d/git.tmp" "$d/git.ok"
  git clone -q "$d/repo" "$d/git.tmp"
  git -C "$d/git.tmp" remote remove origin
  git_tune "$d/git.tmp"
  git -C "$d/git.tmp" checkout -q -b carry "$base"
  commit_quilt_series "$d/git.tmp" "$d/series/$GLIBC_REV"
  git -C "$d/git.tmp" repack -adq
  git -C "$d/git.tmp" prune
  write_meta "$d/git.tmp" "$base" "$d/meta.env"
  mv "$d/git.tmp" "$d/git"
  git -C "$d/git" update-index -q --refresh || true
  rm -rf "$d/snap-stg" "$d/snap-quilt" "$d/snap-stg.ok" "$d/snap-quilt.ok"
  echo "$GLIBC_REV" >"$d/git.ok"
}

prep_synth_git() {
  local d=$DATA/synth
  local want="files=$SYNTH_FILES series=$SYNTH_SERIES"
  if [[ ! -f $d/repo.ok || $(cat "$d/repo.ok") != "$want" ]]; then
    log "synth: gen-synthetic.py --files $SYNTH_FILES --series $SYNTH_SERIES (~30 s)"
    rm -rf "$d/repo" "$d/repo.ok" "$d/git" "$d/git.ok"
    python3 "$CORPORA_DIR/gen-synthetic.py" "$d/repo" --files "$SYNTH_FILES" --series "$SYNTH_SERIES"
    echo "$want" >"$d/repo.ok"
  fi
  [[ -f $d/git.ok ]] && return 0
  log "synth: branch carry = series, base = base"
  rm -rf "$d/git" "$d/git.tmp"
  git clone -q --no-local --no-checkout "$d/repo" "$d/git.tmp"
  git -C "$d/git.tmp" branch -q base origin/base
  git -C "$d/git.tmp" branch -q upstream origin/upstream
  git -C "$d/git.tmp" checkout -q -b carry origin/series
  git -C "$d/git.tmp" branch -q --unset-upstream carry 2>/dev/null || true
  git -C "$d/git.tmp" remote remove origin
  git_tune "$d/git.tmp"
  git -C "$d/git.tmp" repack -adq
  write_meta "$d/git.tmp" base "$d/meta.env"
  mv "$d/git.tmp" "$d/git"
  git -C "$d/git" update-index -q --refresh || true
  rm -rf "$d/snap-stg" "$d/snap-quilt" "$d/snap-stg.ok" "$d/snap-quilt.ok"
  echo ok >"$d/git.ok"
}

write_meta() {  # repo base metafile
  local repo=$1 base=$2 n mid edit files
  n=$(git -C "$repo" rev-list --count "$base..carry")
  mid=$(( (n + 1) / 2 ))
  files=$(git -C "$repo" ls-files | wc -l)
  # The refresh edit goes to a .c file that no patch touches: the patches above the refreshed
  # one then replay without conflicts in every tool.
  edit=$(comm -23 <(git -C "$repo" ls-tree -r --name-only "$base" | grep '\.c$' | sort) \
                  <(git -C "$repo" diff --name-only "$base" carry | sort) | sed -n 1p)
  [[ -n $edit ]] || die "no file to edit for the refresh benchmark"
  printf 'BASE=%q\nN=%q\nMID=%q\nEDIT_FILE=%q\nFILES=%q\n' "$base" "$n" "$mid" "$edit" "$files" >"$3"
}

# Each tool gets two snapshots: snap-TOOL (all patches applied) and snap-TOOL-empty (none applied,
# as after the tool's own 'pop -a'), the two start states of the measured operations.

prep_quilt_snap() {  # corpus
  local c=$1 d=$DATA/$1 s=$DATA/$1/snap-quilt
  [[ -f $s.ok && -d $s && -d $s-empty ]] && return 0
  log "$c: quilt snapshots (plain tree of $BASE + patches/ + series; quilt push -a)"
  rm -rf "$s" "$s.tmp" "$s-empty" "$s-empty.tmp" "$s.ok"; mkdir -p "$s.tmp"
  git -C "$d/git" archive "$BASE" | tar -x -C "$s.tmp"
  if [[ $c == glibc ]]; then
    cp -a "$d/series/$GLIBC_REV" "$s.tmp/patches"
  else
    git -C "$d/git" format-patch -q -o "$s.tmp/patches" "$BASE..carry"
    (cd "$s.tmp/patches" && ls -- *.patch >series)
  fi
  cp -a "$s.tmp" "$s-empty.tmp"
  (cd "$s.tmp" && $QUILT push -a >/dev/null) || die "$c: quilt push -a failed"
  # 'quilt pop -a' would leave just quilt's metadata files in .pc/ (and empty folders); build that
  # state directly instead of popping (pop -a takes ~50 s on the synthetic series).
  mkdir -p "$s-empty.tmp/.pc"
  cp -p "$s.tmp/.pc/.version" "$s.tmp/.pc/.quilt_patches" "$s.tmp/.pc/.quilt_series" "$s-empty.tmp/.pc/"
  [[ -z $(cd "$s-empty.tmp" && $QUILT applied 2>/dev/null) ]] || die "$c: quilt empty snapshot has applied patches"
  # The quilt tree must be the git branch's tree (both made by GNU patch for glibc).
  local idx tree want
  idx=$(mktemp -u)
  tree=$(cd "$s.tmp" && GIT_INDEX_FILE=$idx git --git-dir="$d/git/.git" --work-tree=. add -A -f -- . ':!.pc' ':!patches' \
         && GIT_INDEX_FILE=$idx git --git-dir="$d/git/.git" write-tree)
  rm -f "$idx"
  want=$(git -C "$d/git" rev-parse 'carry^{tree}')
  [[ $tree == "$want" ]] || warn "$c: quilt's pushed tree $tree differs from branch carry's tree $want"
  mv "$s.tmp" "$s"; mv "$s-empty.tmp" "$s-empty"
  touch "$s.ok"
}

# git-based tool: snapshot SNAP made, now SNAP-empty = SNAP after the tool's 'pop -a'.
make_empty_snap() {  # tool corpus
  local t=$1 c=$2 s=$DATA/$2/snap-$1
  mkdir -p "$s-empty"
  rsync -a --delete "$s/" "$s-empty/"
  git -C "$s-empty" update-index -q --refresh || true
  (cd "$s-empty" && $(pop_all_cmd "$t")) >>"$LOG" 2>&1 || { warn "$c: $t pop -a failed (see $LOG)"; return 1; }
  local n
  n=$(git -C "$s-empty" rev-list --count "$BASE..HEAD")
  [[ $n == 0 ]] || { warn "$c: $t pop -a left $n commits above $BASE"; return 1; }
  git -C "$s-empty" update-index -q --refresh || true
}

prep_stg_snap() {  # corpus
  local c=$1 d=$DATA/$1 s=$DATA/$1/snap-stg
  [[ -f $s.ok && -d $s && -d $s-empty ]] && return 0
  log "$c: StGit snapshots (stg init; stg uncommit -n $N; and a copy after stg pop -a)"
  rm -rf "$s" "$s.tmp" "$s.ok"
  cp -a "$d/git" "$s.tmp"
  (cd "$s.tmp" && stg init && stg uncommit -n "$N") >>"$LOG" 2>&1 || die "$c: stg init/uncommit failed (see $LOG)"
  local got
  got=$(cd "$s.tmp" && stg series -A --noprefix | wc -l)
  [[ $got == "$N" ]] || die "$c: StGit has $got applied patches, want $N"
  git -C "$s.tmp" repack -adq
  mv "$s.tmp" "$s"
  git -C "$s" update-index -q --refresh || true
  make_empty_snap stg "$c" || die "$c: cannot make StGit's empty snapshot"
  touch "$s.ok"
}

prep_carry_snap() {  # corpus; returns 1 if Carry does not work on it (rebuilt on every run)
  local c=$1 d=$DATA/$1 s=$DATA/$1/snap-carry
  log "$c: Carry snapshots (carry init --base $BASE; and a copy after carry pop -a)"
  mkdir -p "$s"
  rsync -a --delete "$d/git/" "$s/"
  git -C "$s" update-index -q --refresh || true
  if ! (cd "$s" && "$CARRY" init --base "$BASE") >>"$LOG" 2>&1; then
    warn "$c: 'carry init --base $BASE' failed (see $LOG); skipping carry"; return 1
  fi
  local got
  got=$(cd "$s" && "$CARRY" series 2>>"$LOG" | grep -cE '^[-+>] ' || true)
  if [[ $got != "$N" ]]; then
    warn "$c: 'carry series' lists $got patches after init, want $N; skipping carry"; return 1
  fi
  git -C "$s" update-index -q --refresh || true
  make_empty_snap carry "$c" || { warn "$c: skipping carry"; return 1; }
}

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
tool_ok() {
  case $1 in
    stg)   command -v stg >/dev/null && stg --version >/dev/null 2>&1 ;;
    quilt) command -v quilt >/dev/null ;;
    carry) [[ -n ${CARRY:-} && -x $CARRY ]] ;;
  esac
}

# Name of the patch at 1-based position MID in the tool's own series (run in its snapshot).
mid_name() {  # tool dir
  case $1 in
    stg)   (cd "$2" && stg series --noprefix | sed -n "${MID}p") ;;
    quilt) (cd "$2" && $QUILT series | sed -n "${MID}p") ;;
    carry) (cd "$2" && "$CARRY" series | grep -E '^[-+>] ' | sed -n "${MID}p" | awk '{print $2}') ;;
  esac
}

# The command a user types for each operation, and the state it starts from.
#   start=top: all patches applied;  start=empty: all popped (via the tool's own pop -a).
op_cmd() {  # tool op name -> "start|command"
  local t=$1 op=$2 name=$3 q
  q=$(printf %q "$name")
  case $t:$op in
    carry:series)   echo "top|$CARRY series" ;;
    carry:pop-all)  echo "top|$CARRY pop -a" ;;
    carry:push-all) echo "empty|$CARRY push -a" ;;
    carry:goto)     echo "empty|$CARRY goto $q" ;;
    carry:refresh)  echo "edited|$CARRY refresh -p $q" ;;
    stg:series)     echo "top|stg series" ;;
    stg:pop-all)    echo "top|stg pop -a" ;;
    stg:push-all)   echo "empty|stg push -a" ;;
    stg:goto)       echo "empty|stg goto $q" ;;
    stg:refresh)    echo "edited|stg refresh -p $q" ;;
    quilt:series)   echo "top|$QUILT series -v" ;;
    quilt:pop-all)  echo "top|$QUILT pop -a" ;;
    quilt:push-all) echo "empty|$QUILT push -a" ;;
    quilt:goto)     echo "empty|$QUILT push $q" ;;
    # quilt cannot refresh a patch below the top: go there, declare the file, edit, refresh, push
    # back. The edit itself (one printf) is inside the measured command for quilt only, because
    # 'quilt add' must precede the edit.
    quilt:refresh)  echo "top|$QUILT pop $q && $QUILT add $(printf %q "$EDIT_FILE") && printf '%s\\n' '$EDIT_LINE' >> $(printf %q "$EDIT_FILE") && $QUILT refresh && $QUILT push -a" ;;
  esac
}

pop_all_cmd() {
  case $1 in
    carry) echo "$CARRY pop -a" ;;
    stg)   echo "stg pop -a" ;;
    quilt) echo "$QUILT pop -a" ;;
  esac
}

# State check after the last measured run of an operation (catches silent no-ops).
check_state() {  # tool op dir name -> 0 ok / prints problem
  local t=$1 op=$2 dir=$3 name=$4 want applied
  case $op in series|push-all|refresh) want=$N ;; pop-all) want=0 ;; goto) want=$MID ;; esac
  if [[ $t == quilt ]]; then
    applied=$(cd "$dir" && { $QUILT applied 2>/dev/null || true; } | grep -c . || true)
  else
    applied=$(git -C "$dir" rev-list --count "$BASE..HEAD")
    if [[ -n $(git -C "$dir" status --porcelain --untracked-files=no) ]]; then
      echo "working tree not clean after $op"; return 1
    fi
  fi
  [[ $applied == "$want" ]] || { echo "$applied patches applied after $op, want $want"; return 1; }
  if [[ $op == refresh ]]; then
    if [[ $t == quilt ]]; then
      grep -qF "$EDIT_LINE" "$dir/patches/$name" || { echo "edit not in patches/$name"; return 1; }
    else
      local c
      c=$(git -C "$dir" rev-list --reverse "$BASE..HEAD" | sed -n "${MID}p")
      git -C "$dir" show "$c" -- "$EDIT_FILE" | grep -qF "$EDIT_LINE" \
        || { echo "edit not in the commit of patch #$MID"; return 1; }
    fi
  fi
  if [[ $op == push-all && $t != quilt ]]; then
    [[ $(git -C "$dir" rev-parse 'HEAD^{tree}') == "$TOP_TREE" ]] || { echo "tree after push -a differs from the series' tree"; return 1; }
  fi
  return 0
}


hf() {  # json extra-hyperfine-args... (runs in the work copy; output to the log)
  local json=$1; shift
  ( cd "$WORK" && hyperfine --style basic --prepare "$PREP" --export-json "$json" -n "$NAME" "$@" "$CMD" ) >>"$LOG" 2>&1
}

# One operation of one tool. A first run (the probe) warms caches and tells how slow the operation
# is: a fast one then gets as many runs as fit TIME_BUDGET_MS (within MIN_RUNS..MAX_RUNS) and the
# probe is discarded as warmup; a slow one (probe > SLOW_MS) gets MIN_RUNS runs in all, the probe
# being the first of them, so slow peers do not cost an extra run.
measure() {  # corpus tool op
  local c=$1 t=$2 op=$3 spec start json probe_ms main=$RESULTS/.stack-main.json probe=$RESULTS/.stack-probe.json
  local name=${MIDNAME[$t]}
  spec=$(op_cmd "$t" "$op" "$name"); start=${spec%%|*}; CMD=${spec#*|}
  WORK=$DATA/$c/work-$t; NAME="$t $op"
  local snap=$DATA/$c/snap-$t
  [[ $start == empty ]] && snap=$DATA/$c/snap-$t-empty
  PREP="$(printf %q "$BENCH/stack-restore.sh") $(printf %q "$snap") $(printf %q "$WORK")"
  [[ $start == edited ]] && PREP+=" && printf '%s\\n' '$EDIT_LINE' >> $(printf %q "$EDIT_FILE")"
  json=$RESULTS/stack-$c-$op-$t.json
  rm -f "$json" "$main" "$probe"
  wait_quiet
  log "$c/$t/$op: $CMD (load $(cut -d' ' -f1 /proc/loadavg))"
  if [[ $WARMUP == 0 ]]; then
    hf "$json" --min-runs "$MIN_RUNS" --max-runs "$MAX_RUNS" || { warn "$c/$t/$op: hyperfine failed (see $LOG)"; return 0; }
  else
    hf "$probe" --runs 1 || { warn "$c/$t/$op: hyperfine failed (see $LOG)"; return 0; }
    probe_ms=$(python3 "$BENCH/stack-json.py" ms "$probe")
    if (( probe_ms > SLOW_MS )); then
      if (( MIN_RUNS > 1 )); then
        hf "$main" --runs $((MIN_RUNS - 1)) || { warn "$c/$t/$op: hyperfine failed (see $LOG)"; return 0; }
        python3 "$BENCH/stack-json.py" merge "$json" "$probe" "$main"
      else
        mv "$probe" "$json"
      fi
    else
      # as many runs as fit TIME_BUDGET_MS of measured time (hyperfine's own estimate would count
      # the restore step too), within MIN_RUNS..MAX_RUNS
      local runs=$(( TIME_BUDGET_MS / (probe_ms > 0 ? probe_ms : 1) ))
      (( runs < MIN_RUNS )) && runs=$MIN_RUNS
      (( runs > MAX_RUNS )) && runs=$MAX_RUNS
      hf "$json" --runs "$runs" || { warn "$c/$t/$op: hyperfine failed (see $LOG)"; return 0; }
    fi
  fi
  rm -f "$main" "$probe"
  local problem
  if ! problem=$(check_state "$t" "$op" "$WORK" "$name"); then
    warn "$c/$t/$op: state check failed: $problem; result marked invalid"
    python3 "$BENCH/stack-json.py" invalid "$json" "$problem"
  fi
  log "  $(python3 "$BENCH/stack-json.py" summary "$json")"
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
t_start=$(date +%s)
: >"$LOG"
log "run-stack: corpora=[$CORPORA] tools=[$TOOLS] ops=[$OPS] data=$DATA"

want_tool() { [[ " $TOOLS " == *" $1 "* ]]; }
want_tool carry && resolve_carry
ACTIVE=()
for t in carry stg quilt; do
  want_tool "$t" || continue
  if tool_ok "$t"; then ACTIVE+=("$t"); else warn "$t not available; skipping it"; fi
done
[[ ${#ACTIVE[@]} -gt 0 ]] || die "no tool to measure"

for c in $CORPORA; do
  case $c in
    glibc) prep_glibc_git ;;
    synth) prep_synth_git ;;
    *) die "unknown corpus '$c'" ;;
  esac
  # shellcheck disable=SC1090
  source "$DATA/$c/meta.env"
  TOP_TREE=$(git -C "$DATA/$c/git" rev-parse 'carry^{tree}')
  tools=()
  for t in "${ACTIVE[@]}"; do
    case $t in
      stg)   prep_stg_snap "$c"; tools+=(stg) ;;
      quilt) prep_quilt_snap "$c"; tools+=(quilt) ;;
      carry) if prep_carry_snap "$c"; then tools+=(carry); fi ;;
    esac
  done
  [[ $PREPARE_ONLY == 1 ]] && continue

  log "$c: $FILES files, $N patches on $BASE, middle patch #$MID, refresh edits $EDIT_FILE"
  declare -A MIDNAME=()
  for t in "${tools[@]}"; do
    MIDNAME[$t]=$(mid_name "$t" "$DATA/$c/snap-$t")
    [[ -n ${MIDNAME[$t]} ]] || die "$c/$t: cannot find the name of patch #$MID"
    log "$c/$t: middle patch #$MID is '${MIDNAME[$t]}'"
    # The work copy is kept between runs of this script (stack-restore.sh syncs it before every
    # measured run); its saved indexes may belong to older snapshots, so they go.
    rm -f "$DATA/$c/work-$t".*.index
    mkdir -p "$DATA/$c/work-$t"
  done
  rm -f "$RESULTS/stack-$c-"*.json
  {
    echo "corpus=$c"
    echo "desc=$( [[ $c == glibc ]] && echo "glibc 2.36, Debian series $GLIBC_REV" || echo "synthetic (gen-synthetic.py --files $SYNTH_FILES --series $SYNTH_SERIES)")"
    echo "files=$FILES"; echo "patches=$N"; echo "base=$BASE"; echo "mid=$MID"; echo "edit=$EDIT_FILE"
    for t in "${tools[@]}"; do echo "version.$t=$(tool_version "$t")"; echo "mid.$t=${MIDNAME[$t]}"; done
    echo "machine=$(nproc) cores, $(uname -sr), git $(git --version | awk '{print $3}'), hyperfine $(hyperfine --version | awk '{print $2}')"
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
    echo "load.start=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$RESULTS/stack-$c.env"

  for op in $OPS; do
    for t in "${tools[@]}"; do
      measure "$c" "$t" "$op"
    done
  done
  echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/stack-$c.env"
  python3 "$BENCH/stack-table.py" "$RESULTS" "$c" | tee "$RESULTS/stack-$c.md"
  unset MIDNAME
done
log "run-stack: done in $(( $(date +%s) - t_start )) s; results in $RESULTS"
