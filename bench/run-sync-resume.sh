#!/usr/bin/env bash
# run-sync-resume.sh — a sync that stops at every patch: carry sync + carry sync --skip at each
# stop, against git rebase + git rebase --skip, side by side in one run (issue 16, point 4).
#
#   bench/run-sync-resume.sh
#
# Data (sync-resume-data.py, cached in bench/data/resume/): FILES files on branch base, UPSTREAM
# upstream commits on top of it (branch upstream-new, the last one rewriting the lines the patches
# change), PATCHES patches on branch work, each stopping (every fifth adds a file too).
# Each tool runs on its own copy, ROUNDS times, alternating: the whole sync (first command and
# every skip), each command under /usr/bin/time. Reported: total and per-resume medians, the ratio
# carry ÷ git, git processes started per resume (GIT_TRACE2), and the median and largest peak RSS of a resume.
#
# Environment: CARRY (as in run-sync.sh), FILES=2000 UPSTREAM=760 PATCHES=25 ROUNDS=3,
# RESULTS=bench/results (sync-resume.md, sync-resume.log).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
DATA=$BENCH/data
RESULTS=${RESULTS:-$BENCH/results}
mkdir -p "$DATA/resume" "$RESULTS"
LOG=$RESULTS/sync-resume.log
: >"$LOG"
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
use_log resume
case ${1:-} in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;; esac
export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.invalid"
export GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.invalid" NO_COLOR=1
FILES=${FILES:-2000} UPSTREAM=${UPSTREAM:-760} PATCHES=${PATCHES:-25} ROUNDS=${ROUNDS:-3}

src=$DATA/resume/git-$FILES-$UPSTREAM-$PATCHES
if [[ ! -d $src ]]; then
  log "making the data: $FILES files, $UPSTREAM upstream commits, $PATCHES patches"
  git init -q -b work "$src.tmp"; git_tune "$src.tmp"
  python3 "$BENCH/sync-resume-data.py" "$FILES" "$UPSTREAM" "$PATCHES" | git -C "$src.tmp" fast-import --quiet
  git -C "$src.tmp" checkout -q -f work
  git -C "$src.tmp" gc -q
  mv "$src.tmp" "$src"
fi
resolve_carry
[[ -n ${CARRY:-} ]] || die "no carry binary"
log "$(tool_version carry); $(git --version); load $(cut -d' ' -f1-3 /proc/loadavg)"

timed() {  # file cmd... : appends "seconds rss_kB exit" to file
  # Wall time from bash's microsecond clock: /usr/bin/time's %e is rounded to 10 ms, as long as a resume.
  local rc=0 t0=$EPOCHREALTIME t1
  /usr/bin/time -f "%M" -o "$1.t" "${@:2}" >/dev/null 2>>"$LOG" || rc=$?
  t1=$EPOCHREALTIME
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') $(tail -n 1 "$1.t") $rc" >>"$1"  # time's last line; a failing command adds one before it
  return $rc
}

for round in $(seq "$ROUNDS"); do
  for tool in git carry; do
    w=$DATA/resume/work-$tool; rm -rf "$w"; cp -a "$src" "$w"
    out=$RESULTS/resume-$tool-$round.txt; : >"$out"
    if [[ $tool == git ]]; then
      first=(git -C "$w" rebase --onto upstream-new base work); again=(git -C "$w" rebase --skip)
    else
      (cd "$w" && "$CARRY" init --base base >/dev/null)
      first=(env -C "$w" "$CARRY" sync --onto upstream-new); again=(env -C "$w" "$CARRY" sync --skip)
    fi
    timed "$out" "${first[@]}" || true
    stops=0
    while (( stops <= PATCHES )); do
      if [[ $tool == git ]]; then [[ -d $w/.git/rebase-merge || -d $w/.git/rebase-apply ]] || break
      else [[ $(git -C "$w" show refs/carry/work:stack | grep -c '^sync ') -gt 0 ]] || break; fi
      stops=$((stops + 1))
      if (( stops == 2 )); then  # git processes of one resume (GIT_TRACE2 counts every git started)
        cp -a "$w" "$w.trace"
        if [[ $tool == git ]]; then GIT_TRACE2="$w.trace2" git -C "$w.trace" rebase --skip >/dev/null 2>&1 || true
        else (cd "$w.trace" && GIT_TRACE2="$w.trace2" "$CARRY" sync --skip >/dev/null 2>&1) || true; fi
        grep -c '"event":"start"\| start ' "$w.trace2" 2>/dev/null >"$RESULTS/resume-$tool-processes.txt" || echo 0 >"$RESULTS/resume-$tool-processes.txt"
        rm -rf "$w.trace" "$w.trace2"
      fi
      timed "$out" "${again[@]}" || true
    done
    log "round $round $tool: $stops stops"
  done
done
python3 "$BENCH/sync-resume-table.py" "$RESULTS" "$ROUNDS" "$PATCHES" "$FILES" "$UPSTREAM" | tee "$RESULTS/sync-resume.md"
