#!/usr/bin/env bash
# run-small.sh: issue 12's dev-kit scenario, the commonest use of Carry, as users install it.
#
#   bench/run-small.sh                  pack Carry (dotnet pack), install it twice, measure
#   PKG=DIR bench/run-small.sh          use packages already in DIR (Carry.*.nupkg)
#   RUNS=10 bench/run-small.sh          hyperfine runs per command (default 10)
#
# Scenario (bench/gen-devkit.py, deterministic): a 5,000-file repository, branch `work` = `base` +
# 7 patches (5 dev-kit files in the private layer, 2 issue fixes), `upstream-new` = `base` + 31
# commits (two of them edit the files the issue patches edit, so those re-apply by 3-way merge).
#
# Tools, each on its own copy restored before every run (stack-restore.sh), side by side in ONE
# hyperfine run:
#   carry-aot  the package `dotnet tool install` picks on this machine (NativeAOT), via --tool-path
#   carry-any  the framework-dependent ReadyToRun fallback (a feed whose pointer lists only `any`),
#              with its JIT profile (recorded by the run before), and once more without one
#   git        git rebase --onto upstream-new base   (branch `work` checked out)
# Then a second hyperfine run: `carry series` / `carry status` (both installs) against `git log -1`.
#
# Like a user's shell: HOME is a folder with only a .gitconfig identity, no GIT_AUTHOR_*/COMMITTER_*
# (the NativeAOT build once lost ~/.gitconfig). Results: bench/results/small.md (+ .json, run log).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
DATA=$ROOT/bench/data
D=$DATA/small
RES=$ROOT/bench/results
LOG=$RES/small-run.log
RUNS=${RUNS:-10}
mkdir -p "$D" "$RES"
: >"$LOG"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }
warn() { log "WARNING: $*"; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=common.sh
source "$BENCH/common.sh"
command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install hyperfine)"

# --- packages and installs ---------------------------------------------------------------------
if [[ -z ${PKG:-} ]]; then
  PKG=$DATA/pkg
  rm -rf "$PKG"
  log "dotnet pack src/Carry.Cli -o $PKG (pointer + NativeAOT $(dotnet --info 2>/dev/null | awk '/RID:/{print $2; exit}') + any)"
  (cd "$ROOT" && dotnet pack src/Carry.Cli -o "$PKG" --artifacts-path "$DATA/carry-build" -nologo) >>"$LOG" 2>&1 \
    || die "dotnet pack failed (see $LOG)"
fi
ls "$PKG"/Carry.any.*.nupkg >/dev/null 2>&1 || die "no Carry.any package in $PKG"
# The `any` install: what a platform without a NativeAOT package gets. The CLI does not fall back to
# `any` when the package for its RID is missing from the feed, so this feed gets a pointer that
# lists only `any` (the same version; the pointer holds no code).
rm -rf "$DATA/pkg-any" && mkdir -p "$DATA/pkg-any"
cp "$PKG"/Carry.any.*.nupkg "$DATA/pkg-any/"
version=$(basename "$PKG"/Carry.any.*.nupkg .nupkg); version=${version#Carry.any.}
(cd "$ROOT" && dotnet pack src/Carry.Cli -o "$DATA/pkg-any" -p:CarryPackRids=false -p:ToolPackageRuntimeIdentifiers=any \
   -p:Version="$version" --artifacts-path "$DATA/carry-build" -nologo) >>"$LOG" 2>&1 || die "packing the any-only pointer failed (see $LOG)"
install_tool() {  # feed dir; a private NuGet cache so a re-packed same version is not served stale
  rm -rf "$2" "$DATA/nuget-tools"
  NUGET_PACKAGES=$DATA/nuget-tools dotnet tool install --tool-path "$2" --add-source "$1" Carry >>"$LOG" 2>&1 \
    || die "dotnet tool install from $1 failed (see $LOG)"
}
install_tool "$PKG" "$DATA/tools-aot"
install_tool "$DATA/pkg-any" "$DATA/tools-any"
AOT=$DATA/tools-aot/carry
ANY=$DATA/tools-any/carry
for t in "$AOT" "$ANY"; do
  log "installed $t -> $(readlink -f "$t"): $("$t" --version)"
  log "  $(file -b "$(readlink -f "$t")" | cut -c1-100)"
done
"$AOT" --version | grep -q NativeAOT || die "the default install is not NativeAOT"

# --- data --------------------------------------------------------------------------------------
export HOME=$D/home
mkdir -p "$HOME"
# The `any` build keeps a JIT profile per command in ~/.cache/carry/jit (docs/install.md): each run
# starts without one; the first `any` run below (peak RSS) records it, as a user's first sync would.
rm -rf "$HOME/.cache/carry"
printf '[user]\n\tname = Ada Bench\n\temail = ada@example.com\n' >"$HOME/.gitconfig"
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL EMAIL GIT_CONFIG_GLOBAL
export NO_COLOR=1 GIT_PAGER=cat
stamp=$(sha1sum "$BENCH/gen-devkit.py" | cut -c1-12)
if [[ ! -f $D/git.$stamp ]]; then
  log "generating the dev-kit repository (bench/gen-devkit.py)"
  rm -rf "$D/git" "$D"/git.* "$D"/snap-* "$D"/work-*
  python3 "$BENCH/gen-devkit.py" "$D/git" >>"$LOG" 2>&1
  for k in gc.auto=0 maintenance.auto=false core.autocrlf=false rebase.autoStash=false rebase.updateRefs=false; do
    git -C "$D/git" config "${k%%=*}" "${k#*=}"
  done
  git -C "$D/git" repack -adq
  rm -rf "$D/ref" && cp -a "$D/git" "$D/ref"
  git -C "$D/ref" rebase -q --onto upstream-new base work >>"$LOG" 2>&1 || die "reference git rebase failed"
  git -C "$D/ref" rev-parse 'HEAD^{tree}' >"$D/ref-tree"
  touch "$D/git.$stamp"
fi
REF_TREE=$(cat "$D/ref-tree")
rm -rf "$D/snap-carry"
cp -a "$D/git" "$D/snap-carry"
(cd "$D/snap-carry" && "$AOT" init --base base >/dev/null \
  && for p in $("$AOT" series | awk '$2 ~ /^kit-/ {print $2}'); do "$AOT" edit "$p" --layer private >/dev/null; done) \
  || die "carry init / edit --layer private failed"
[[ $(cd "$D/snap-carry" && "$AOT" layer | awk '$1=="private"{print $3}') == 5 ]] || die "the kit is not 5 private patches"

# --- measure -----------------------------------------------------------------------------------
restore() { printf '%q %q %q' "$BENCH/stack-restore.sh" "$1" "$2"; }
check() {  # tool work-dir: HEAD's tree is git rebase's, 7 commits on upstream-new, clean
  local w=$2 ok=ok
  [[ $(git -C "$w" rev-parse 'HEAD^{tree}') == "$REF_TREE" ]] || ok="tree differs"
  [[ $(git -C "$w" rev-list --count upstream-new..HEAD) == 7 ]] || ok="not 7 commits on upstream-new"
  [[ -z $(git -C "$w" status --porcelain) ]] || ok="working tree not clean"
  echo "$1: $ok" | tee -a "$LOG" >&2
  [[ $ok == ok ]]
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD0=$(load)
declare -A RSS
for t in aot any git; do
  case $t in
    aot) snap=$D/snap-carry cmd="$AOT sync --onto upstream-new" ;;
    any) snap=$D/snap-carry cmd="$ANY sync --onto upstream-new" ;;
    git) snap=$D/git cmd="git rebase -q --onto upstream-new base" ;;
  esac
  "$BENCH/stack-restore.sh" "$snap" "$D/work-$t"
  (cd "$D/work-$t" && /usr/bin/time -f %M -o "$D/rss-$t" $cmd >>"$LOG" 2>&1) || die "$t failed (see $LOG)"
  RSS[$t]=$(cat "$D/rss-$t")
  check "$t" "$D/work-$t" || die "$t did not reach git rebase's result"
done
wait_quiet
log "hyperfine: sync, $RUNS runs each (load $(load))"
hyperfine --runs "$RUNS" --warmup 1 --export-json "$RES/small-sync.json" \
  -n carry-aot --prepare "$(restore "$D/snap-carry" "$D/work-aot")" "cd $D/work-aot && exec $AOT sync --onto upstream-new >/dev/null" \
  -n carry-any --prepare "$(restore "$D/snap-carry" "$D/work-any")" "cd $D/work-any && exec $ANY sync --onto upstream-new >/dev/null" \
  -n "carry-any, no JIT profile" --prepare "$(restore "$D/snap-carry" "$D/work-any") && rm -rf $HOME/.cache/carry/jit" "cd $D/work-any && exec $ANY sync --onto upstream-new >/dev/null" \
  -n git-rebase --prepare "$(restore "$D/git" "$D/work-git")" "cd $D/work-git && exec git rebase -q --onto upstream-new base" \
  2>&1 | tee -a "$LOG"
for t in aot any git; do check "$t" "$D/work-$t" || die "$t: wrong result after the timed runs"; done
log "hyperfine: read-only commands (load $(load))"
"$BENCH/stack-restore.sh" "$D/snap-carry" "$D/work-aot"
# 'series' and 'status' answer from the series cache the sync wrote (docs/storage.md); "no cache" is
# the first 'series' after something else moved the stack ref (then it reads the repository and
# writes the cache again).
hyperfine --runs $((RUNS * 3)) --warmup 2 --export-json "$RES/small-read.json" \
  -n "carry-aot series" --prepare true "cd $D/work-aot && exec $AOT series >/dev/null" \
  -n "carry-aot series, no cache" --prepare "rm -f $D/work-aot/.git/carry-series-cache" "cd $D/work-aot && exec $AOT series >/dev/null" \
  -n "carry-aot status" --prepare true "cd $D/work-aot && exec $AOT status >/dev/null" \
  -n "carry-any series" --prepare true "cd $D/work-aot && exec $ANY series >/dev/null" \
  -n "git log -1" --prepare true "cd $D/work-aot && exec git log -1 >/dev/null" \
  2>&1 | tee -a "$LOG"
LOAD1=$(load)

python3 - "$RES" "$LOAD0" "$LOAD1" "${RSS[aot]}" "${RSS[any]}" "${RSS[git]}" "$("$AOT" --version)" <<'PY' | tee "$RES/small.md"
import json, sys
res, l0, l1, ra, rn, rg, ver = sys.argv[1:]
rss = {"carry-aot": int(ra), "carry-any": int(rn), "git-rebase": int(rg)}
sync = {r["command"]: r for r in json.load(open(f"{res}/small-sync.json"))["results"]}
read = {r["command"]: r for r in json.load(open(f"{res}/small-read.json"))["results"]}
ms = lambda s: f"{s * 1000:.1f} ms"
mb = lambda kb: "–" if kb is None else f"{kb / 1024:.0f} MB"
git = sync["git-rebase"]["median"]
print(f"Dev-kit sync (7 patches: 5 private kit + 2 issues; 5,000 files; upstream +31 commits), {ver}")
print(f"load average {l0} at the start, {l1} at the end (2 cores)\n")
print("| tool | median | mean ± σ | min | n | git rebase ÷ tool | peak RSS |\n|---|---:|---:|---:|---:|---:|---:|")
for name, r in sync.items():
    print(f"| {name} | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'] or 0)} | {ms(r['min'])} | {len(r['times'])} | {git / r['median']:.1f}× | {mb(rss.get(name))} |")
base = read["git log -1"]["median"]
print("\n| command | median | min | n | ÷ git log -1 |\n|---|---:|---:|---:|---:|")
for name, r in read.items():
    print(f"| {name} | {ms(r['median'])} | {ms(r['min'])} | {len(r['times'])} | {r['median'] / base:.1f}× |")
PY
