#!/usr/bin/env bash
# sync-setup.sh CORPUS — build (or reuse) the data of one sync benchmark scenario (run-sync.sh).
#
#   bench/sync-setup.sh glibc    scenario A: glibc 2.36 + Debian series (109 patches), upstream-new
#                                = base + 200 synthetic commits on other files + 10 on series files
#   bench/sync-setup.sh synth    scenario B: gen-synthetic.py --files 50000 --series 1000 (its own
#                                200-commit 'upstream' branch is upstream-new)
#   bench/sync-setup.sh release  scenario C, a kernel release jump (issue 12): gen-synthetic.py
#                                --files 80000 --series 70 --upstream 300 --upstream-pool 1300
#                                (upstream changes ~1,300 files; ~15% of its commits edit series
#                                files, so a few patches need 3-way merges)
#
# Result, in bench/data/sync/CORPUS/ (cached; rebuilt when missing or when a knob below changes):
#   git/        repo with branches base, work (= base + one commit per patch; checked out) and
#               upstream-new; packed, gc.auto=0, maintenance.auto=false
#   snap-stg/   git/ + 'stg init' + 'stg uncommit -n N' (an StGit stack of the same N commits)
#   meta.env    BASE N ORIG (work's tip) UPSTREAM (upstream-new's id) REF_TREE (the tree of work
#               after 'git rebase --onto upstream-new base work', the reference every tool must
#               reach) FILES REBASE_MS (the check rebase's time) DESC
#   reference.git  the branch work as that reference rebase left it (to show differences)
# The reference rebase is run once here, in a scratch copy: if it stops on a conflict the setup
# fails (the scenario must replay cleanly for every tool).
#
# Environment: GLIBC_REV (2.36-9+deb12u14), UP_OTHER (200), UP_SAME (10), UP_SEED (1),
#   SYNTH_FILES (50000), SYNTH_SERIES (1000), SYNTH_UPSTREAM (200), SYNTH_RENAMES (3), SYNTH_SEED (1),
#   SYNTH_POOL (1500: distinct files upstream may change); for 'release' the same knobs with the
#   defaults above (RELEASE_FILES, RELEASE_SERIES, RELEASE_UPSTREAM, RELEASE_POOL),
#   CORPORA_DIR (../shared/corpora), SETUP_LOG (where the details go; default stderr).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
DATA=$BENCH/data
corpus=${1:?usage: sync-setup.sh glibc|synth|release}
GLIBC_REV=${GLIBC_REV:-2.36-9+deb12u14}
UP_OTHER=${UP_OTHER:-200}
UP_SAME=${UP_SAME:-10}
UP_SEED=${UP_SEED:-1}
SYNTH_FILES=${SYNTH_FILES:-50000}
SYNTH_SERIES=${SYNTH_SERIES:-1000}
SYNTH_UPSTREAM=${SYNTH_UPSTREAM:-200}
SYNTH_RENAMES=${SYNTH_RENAMES:-3}
SYNTH_SEED=${SYNTH_SEED:-1}
SYNTH_POOL=${SYNTH_POOL:-1500}
if [[ $corpus == release ]]; then
  # A kernel-release-shaped jump: a big tree, a release's worth of upstream commits, a modest series.
  SYNTH_FILES=${RELEASE_FILES:-80000} SYNTH_SERIES=${RELEASE_SERIES:-70}
  SYNTH_UPSTREAM=${RELEASE_UPSTREAM:-300} SYNTH_POOL=${RELEASE_POOL:-1300}
fi
LOG=${SETUP_LOG:-/dev/stderr}
if [[ -z ${CORPORA_DIR:-} ]]; then
  for c in "$ROOT/../shared/corpora" /work/shared/corpora; do
    [[ -f $c/build-repo.sh ]] && { CORPORA_DIR=$(cd "$c" && pwd); break; }
  done
fi
[[ -n ${CORPORA_DIR:-} && -f $CORPORA_DIR/gen-synthetic.py ]] \
  || { echo "sync-setup: corpora not found; set CORPORA_DIR" >&2; exit 2; }

export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.invalid"
export GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.invalid"
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
export NO_COLOR=1 GIT_PAGER=cat PAGER=cat LC_ALL=C.UTF-8

log()  { printf '[%s] sync-setup %s: %s\n' "$(date +%T)" "$corpus" "$*" >&2; }
warn() { log "WARNING: $*"; }
die()  { log "ERROR: $*"; exit 1; }
# shellcheck source=common.sh
. "$BENCH/common.sh"

D=$DATA/sync/$corpus
mkdir -p "$D"
gen_sum=$(sha1sum <"$BENCH/sync-upstream.py" | cut -c1-12)
case $corpus in
  glibc) want="glibc rev=$GLIBC_REV other=$UP_OTHER same=$UP_SAME seed=$UP_SEED scripts=$gen_sum" ;;
  synth|release) want="$corpus files=$SYNTH_FILES series=$SYNTH_SERIES upstream=$SYNTH_UPSTREAM pool=$SYNTH_POOL renames=$SYNTH_RENAMES seed=$SYNTH_SEED scripts=$gen_sum" ;;
  *) die "unknown corpus '$corpus' (glibc, synth or release)" ;;
esac

if [[ -f $D/git.ok && $(cat "$D/git.ok") == "$want" && -f $D/meta.env && -d $D/reference.git ]]; then
  :
else
  rm -rf "$D/git" "$D/git.tmp" "$D/git.ok" "$D/snap-stg" "$D/snap-stg.ok" "$D/meta.env" "$D/reference.git"
  if [[ $corpus == glibc ]]; then
    g=$DATA/glibc   # shared with run-stack.sh: build-repo.sh is idempotent
    if [[ ! -d $g/repo/.git || ! -f $g/series/$GLIBC_REV/series ]]; then
      log "build-repo.sh glibc $g"
      bash "$CORPORA_DIR/build-repo.sh" glibc "$g" >>"$LOG"
    fi
    [[ -f $g/series/$GLIBC_REV/series ]] || die "no series $GLIBC_REV in $g/series"
    tag=$(git -C "$g/repo" tag -l "upstream/*" | sed -n 1p)
    log "branch work = $tag + series $GLIBC_REV (GNU patch, one commit per patch)"
    git clone -q "$g/repo" "$D/git.tmp"
    git -C "$D/git.tmp" remote remove origin
    git_tune "$D/git.tmp"
    git -C "$D/git.tmp" branch -q base "$tag"
    git -C "$D/git.tmp" checkout -q -b work base
    git -C "$D/git.tmp" branch -q -D upstream 2>/dev/null || true
    commit_quilt_series "$D/git.tmp" "$g/series/$GLIBC_REV"
    log "upstream-new = base + $UP_OTHER commits on other files + $UP_SAME on series files (seed $UP_SEED)"
    python3 "$BENCH/sync-upstream.py" "$D/git.tmp" --base base --series work --ref upstream-new \
      --other "$UP_OTHER" --same "$UP_SAME" --seed "$UP_SEED" >"$D/upstream-new.txt" \
      || die "sync-upstream.py failed"
    sed 's/^/  /' "$D/upstream-new.txt" >&2
    desc="glibc 2.36 + Debian $GLIBC_REV; upstream-new = base + $UP_OTHER commits on other files + $UP_SAME on series files (sync-upstream.py, seed $UP_SEED)"
  else
    gen=$D/gen
    gwant="files=$SYNTH_FILES series=$SYNTH_SERIES upstream=$SYNTH_UPSTREAM pool=$SYNTH_POOL renames=$SYNTH_RENAMES seed=$SYNTH_SEED"
    if [[ ! -f $gen.ok || $(cat "$gen.ok") != "$gwant" ]]; then
      log "gen-synthetic.py --files $SYNTH_FILES --series $SYNTH_SERIES --upstream $SYNTH_UPSTREAM --renames $SYNTH_RENAMES --seed $SYNTH_SEED (~1 min)"
      rm -rf "$gen" "$gen.ok"
      python3 "$CORPORA_DIR/gen-synthetic.py" "$gen" --files "$SYNTH_FILES" --series "$SYNTH_SERIES" \
        --upstream "$SYNTH_UPSTREAM" --upstream-pool "$SYNTH_POOL" --renames "$SYNTH_RENAMES" --seed "$SYNTH_SEED" || die "gen-synthetic.py failed"
      echo "$gwant" >"$gen.ok"
    fi
    log "branches: base, work = generator's series, upstream-new = generator's upstream"
    git clone -q --no-local --no-checkout "$gen" "$D/git.tmp"
    git -C "$D/git.tmp" branch -q base origin/base
    git -C "$D/git.tmp" branch -q upstream-new origin/upstream
    git -C "$D/git.tmp" checkout -q -b work origin/series
    git -C "$D/git.tmp" branch -q --unset-upstream work 2>/dev/null || true
    git -C "$D/git.tmp" remote remove origin
    git_tune "$D/git.tmp"
    desc="gen-synthetic.py --files $SYNTH_FILES --series $SYNTH_SERIES --upstream-pool $SYNTH_POOL; upstream-new = its upstream branch ($SYNTH_UPSTREAM commits, ~15% also edit series files in their top region, $SYNTH_RENAMES rename series files)"
  fi
  git -C "$D/git.tmp" repack -adq
  git -C "$D/git.tmp" prune
  git -C "$D/git.tmp" reflog expire --expire=now --all
  git -C "$D/git.tmp" update-index -q --refresh || true

  # The reference: git rebase in a scratch copy; it must not stop.
  n=$(git -C "$D/git.tmp" rev-list --count base..work)
  orig=$(git -C "$D/git.tmp" rev-parse work)
  up=$(git -C "$D/git.tmp" rev-parse upstream-new)
  log "reference: git rebase --onto upstream-new base work ($n patches; in a scratch copy)"
  rm -rf "$D/check"; cp -a "$D/git.tmp" "$D/check"
  t0=$(date +%s%N)
  if ! git -C "$D/check" rebase --onto upstream-new base work >>"$LOG" 2>&1; then
    git -C "$D/check" status >>"$LOG" 2>&1 || true
    die "git rebase --onto upstream-new base work stopped (conflict?); see $D/check"
  fi
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  got=$(git -C "$D/check" rev-list --count upstream-new..work)
  [[ $got == "$n" ]] || log "WARNING: after the reference rebase, $got commits above upstream-new (want $n; empty ones dropped?)"
  ref_tree=$(git -C "$D/check" rev-parse 'work^{tree}')
  # kept apart (never in a measured repo, whose runs would then find the objects already written),
  # so that run-sync.sh can show what differs when a tool reaches another tree
  rm -rf "$D/reference.git"
  git clone -q --bare --no-local --single-branch -b work "$D/check" "$D/reference.git"
  rm -rf "$D/check"
  log "reference rebase: clean, $ms ms, tree $ref_tree"
  files=$(git -C "$D/git.tmp" ls-files | wc -l)
  printf 'BASE=base\nN=%q\nORIG=%q\nUPSTREAM=%q\nREF_TREE=%q\nFILES=%q\nREBASE_MS=%q\nDESC=%q\nUP_COMMITS=%q\n' \
    "$n" "$orig" "$up" "$ref_tree" "$files" "$ms" "$desc" \
    "$(git -C "$D/git.tmp" rev-list --count base..upstream-new)" >"$D/meta.env"
  mv "$D/git.tmp" "$D/git"
  git -C "$D/git" update-index -q --refresh || true
  echo "$want" >"$D/git.ok"
fi
# shellcheck disable=SC1091
source "$D/meta.env"

# StGit: the same N commits as an StGit stack.
if [[ ${SKIP_STG:-0} != 1 && ! -f $D/snap-stg.ok ]] && command -v stg >/dev/null; then
  log "StGit snapshot: stg init; stg uncommit -n $N"
  rm -rf "$D/snap-stg" "$D/snap-stg.tmp"
  cp -a "$D/git" "$D/snap-stg.tmp"
  (cd "$D/snap-stg.tmp" && stg init && stg uncommit -n "$N") >>"$LOG" 2>&1 || die "stg init/uncommit failed"
  got=$(cd "$D/snap-stg.tmp" && stg series -A --noprefix | wc -l)
  [[ $got == "$N" ]] || die "StGit has $got applied patches, want $N"
  git -C "$D/snap-stg.tmp" repack -adq
  git -C "$D/snap-stg.tmp" update-index -q --refresh || true
  mv "$D/snap-stg.tmp" "$D/snap-stg"
  touch "$D/snap-stg.ok"
fi
log "ready: $D ($FILES files, $N patches, upstream-new = base + $UP_COMMITS commits)"
