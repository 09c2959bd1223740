#!/usr/bin/env bash
# run-sync-truth.sh — sync's verdicts on real Debian series across an upstream release jump,
# against truth computed without Carry, and against git rebase and quilt (issue 16).
#
#   bench/run-sync-truth.sh                 download (if missing), prepare, run every tool, print tables
#   bench/run-sync-truth.sh --prepare-only  only download and prepare the repositories
#
# Per package: the Debian series of an OLD revision is committed on the OLD upstream tarball
# (branch work on tag base, one commit per patch, applied as quilt applies it), and the NEW
# upstream tarball is one commit on top of base (branch upstream-new): the release jump a Debian
# maintainer faces. Then, all in one run:
#   truth  without Carry: git apply -R --check of each patch on upstream-new (whole patch and each
#          hunk, whitespace ignored), git apply --check (still applies forward?), and whether the
#          NEW Debian revision still carries a patch of that name (series file)
#   carry  carry init --base base; carry sync --onto upstream-new; carry sync --skip at each stop
#   git    git rebase --onto upstream-new base work; git rebase --skip at each stop
#   quilt  the old series pushed patch by patch on the new tarball (quilt push); a patch that does
#          not apply is checked with patch -R --dry-run (reversed = "already applied") and removed
# sync-truth.py prints the confusion tables (bench/README.md shows the last results).
#
# Environment (all optional):
#   PACKAGES="curl bash"      which packages (each needs OLD_<pkg> and NEW_<pkg>, below)
#   OLD_curl=7.88.1-10+deb12u15  NEW_curl=8.14.1-2+deb13u5
#   OLD_bash=5.2.15-2            NEW_bash=5.2.37-2
#   SRC=bench/data/truth/src  where the Debian source files are (apt-get source --download-only
#                             fills it; needs deb-src lines for bookworm and trixie, see README)
#   CARRY=/path/to/carry      as in run-sync.sh (default: bench/data/carry-aot/carry, else a JIT build)
#   REUSE=1                   recompute the truth only, with the tools' verdicts of the last run
#   RESULTS=bench/results     sync-truth.md (tables), sync-truth.json (every verdict), sync-truth.log
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
DATA=$BENCH/data
RESULTS=${RESULTS:-$BENCH/results}
SRC=${SRC:-$DATA/truth/src}
WORK=$DATA/truth
mkdir -p "$SRC" "$RESULTS"
LOG=$RESULTS/sync-truth.log
: >"$LOG"
# shellcheck source=bench/common.sh
source "$BENCH/common.sh"
use_log truth
PREPARE_ONLY=0
case ${1:-} in
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
  --prepare-only) PREPARE_ONLY=1 ;;
  "") ;;
  *) die "unknown argument '$1'" ;;
esac

export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.invalid"
export GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.invalid"
export GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z"
export NO_COLOR=1 QUILT_PATCHES=patches

PACKAGES=${PACKAGES:-curl bash}
OLD_curl=${OLD_curl:-7.88.1-10+deb12u15}; NEW_curl=${NEW_curl:-8.14.1-2+deb13u5}
OLD_bash=${OLD_bash:-5.2.15-2};           NEW_bash=${NEW_bash:-5.2.37-2}


fetch() {  # pkg version
  local pkg=$1 ver=$2 upstream=${2%-*}
  upstream=${upstream#*:}
  ls "$SRC/${pkg}_${upstream}".orig.tar.* >/dev/null 2>&1 && ls "$SRC/${pkg}_${ver}".debian.tar.* >/dev/null 2>&1 && return 0
  log "apt-get source --download-only $pkg=$ver"
  (cd "$SRC" && apt-get source --download-only -q "$pkg=$ver" >>"$LOG" 2>&1) || die "could not download $pkg=$ver (deb-src lines? see bench/README.md)"
}

unpack_tree() {  # tarball dest: the tarball's single top folder becomes dest
  rm -rf "$2"; mkdir -p "$2"
  tar -C "$2" -xf "$1" --strip-components=1
}

prepare() {  # pkg old new
  local pkg=$1 old=$2 new=$3 dir=$WORK/$1 ou nu
  ou=${old%-*}; nu=${new%-*}
  fetch "$pkg" "$old"; fetch "$pkg" "$new"
  if [[ -f $dir/ready && $(cat "$dir/ready") == "$old $new" ]]; then return 0; fi
  log "$pkg: preparing $old -> $new"
  rm -rf "$dir"; mkdir -p "$dir"
  git init -q -b work "$dir/git"; git_tune "$dir/git"
  unpack_tree "$(ls "$SRC/${pkg}_${ou}".orig.tar.* | grep -v '\.asc$' | head -n1)" "$dir/old-tree"
  unpack_tree "$(ls "$SRC/${pkg}_${nu}".orig.tar.* | grep -v '\.asc$' | head -n1)" "$dir/new-tree"
  for v in old new; do
    local ver=$old; [[ $v == new ]] && ver=$new
    mkdir -p "$dir/$v-debian"; tar -C "$dir/$v-debian" -xf "$(ls "$SRC/${pkg}_${ver}".debian.tar.* | head -n1)" debian/patches
  done
  # base = the old tarball; upstream-new = the new tarball, one commit on base (the release jump).
  git -C "$dir/git" --work-tree="$dir/old-tree" add -A -f .
  git -C "$dir/git" commit -q -m "Upstream $ou"
  git -C "$dir/git" tag base
  git -C "$dir/git" --work-tree="$dir/new-tree" add -A -f .
  git -C "$dir/git" commit -q -m "Upstream $nu"
  git -C "$dir/git" branch upstream-new
  git -C "$dir/git" reset -q --hard base
  commit_quilt_series "$dir/git" "$dir/old-debian/debian/patches"
  git -C "$dir/git" gc -q --aggressive --prune=now >/dev/null 2>&1 || true
  echo "$old $new" >"$dir/ready"
}

json_args=()
for pkg in $PACKAGES; do
  old_var=OLD_$pkg new_var=NEW_$pkg
  old=${!old_var:-} new=${!new_var:-}
  [[ -n $old && -n $new ]] || die "set OLD_$pkg and NEW_$pkg"
  prepare "$pkg" "$old" "$new"
  json_args+=("$pkg=$WORK/$pkg=$old=$new")
done
(( PREPARE_ONLY )) && exit 0
resolve_carry
[[ -n ${CARRY:-} ]] || die "no carry binary"
log "$(tool_version carry); $(git --version); $(quilt --version 2>/dev/null | sed 's/^/quilt /'); load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$BENCH/sync-truth.py" --carry "$CARRY" --out "$RESULTS/sync-truth" ${REUSE:+--reuse} "${json_args[@]}" 2>>"$LOG"
log "tables: $RESULTS/sync-truth.md"
cat "$RESULTS/sync-truth.md"
