#!/usr/bin/env bash
# run-import.sh — importing and exporting real quilt series, Carry side by side with its peers.
#
#   bench/run-import.sh              build data (cached in bench/data/import/), measure, write tables
#
# Import of each corpus series (openssh ×2, glibc ×3) onto its upstream tag:
#   carry   carry import quilt SERIES --binary-without-data skip     (commits + working tree, once)
#   quilt   quilt push -a                                             (working tree only, no commits)
#   git-am  git am of the same patches as mails (git format-patch of Carry's import: the glibc
#           files are not mails, and git refuses git-updates.diff's data-less binary stanza)
#   gbp     gbp pq import from a debian/ folder holding the series
#   stg     stg import --series SERIES (StGit 0.19)
# Export of the unchanged imported series:
#   carry   carry export quilt OUT       vs   git format-patch -o OUT BASE..HEAD on the same commits
#
# Environment (optional): CARRY=/path/to/carry (default: NativeAOT build into bench/data/carry-aot),
#   SERIES="openssh:9.2p1-2+deb12u9 …", RUNS=5 (fast tools), SLOW_RUNS=3 (tools over SLOW_MS=3000),
#   QUIET_LOAD=1.5 QUIET_WAIT=120 (wait up to that long for the load average to drop before each tool).
# Results: bench/results/import-<package>-<revision>-<tool>.json (hyperfine) and
# bench/results/import-summary.md (medians, ratios against Carry). A tool that fails on a series
# is reported as such, with its error, never timed.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
DATA=$BENCH/data/import
RESULTS=$BENCH/results
mkdir -p "$DATA" "$RESULTS"
CORPORA_DIR=${CORPORA_DIR:-$(cd "$ROOT/../shared/corpora" 2>/dev/null && pwd || echo /work/shared/corpora)}
SERIES=${SERIES:-"openssh:9.2p1-2+deb12u9 openssh:9.2p1-2+deb12u10 glibc:2.36-9+deb12u7 glibc:2.36-9+deb12u10 glibc:2.36-9+deb12u14"}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
SLOW_MS=${SLOW_MS:-3000}
QUIET_LOAD=${QUIET_LOAD:-1.5}
QUIET_WAIT=${QUIET_WAIT:-120}
LOG=$RESULTS/import-run.log
: > "$LOG"

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.invalid
export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 QUILTRC=/dev/null

if [[ -z ${CARRY:-} ]]; then
  CARRY=$BENCH/data/carry-aot/carry
  if [[ ! -x $CARRY || -n $(find "$ROOT/src" -name '*.cs' -newer "$CARRY" | head -1) ]]; then
    echo "building NativeAOT carry into $BENCH/data/carry-aot …"
    dotnet publish "$ROOT/src/Carry.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$BENCH/data/carry-aot" >>"$LOG" 2>&1
  fi
fi
echo "carry: $CARRY"

wait_quiet() {
  local waited=0
  while (( waited < QUIET_WAIT )); do
    awk -v q="$QUIET_LOAD" '{ exit !($1 < q) }' /proc/loadavg && return 0
    sleep 5; waited=$((waited + 5))
  done
  echo "  (load still $(cut -d' ' -f1 /proc/loadavg) after ${QUIET_WAIT}s; measuring anyway)"
}

# One work repository per package, sharing the upstream objects; one branch per tool and series.
prepare_repo() {
  local pkg=$1
  if [[ ! -f $DATA/$pkg/repo/.git/HEAD ]]; then
    "$CORPORA_DIR/build-repo.sh" "$pkg" "$DATA/$pkg" >>"$LOG"
    # build-repo.sh leaves 19k loose objects; a cloned repository is packed, so pack it like one.
    git -C "$DATA/$pkg/repo" repack -adq
  fi
  local work=$DATA/$pkg/work
  if [[ ! -d $work/.git ]]; then
    git init -q "$work"
    echo "$DATA/$pkg/repo/.git/objects" > "$work/.git/objects/info/alternates"
    git -C "$work" fetch -q "$DATA/$pkg/repo" 'refs/heads/*:refs/heads/*' 'refs/tags/*:refs/tags/*'
    git -C "$work" checkout -q -f upstream
  fi
}

# measure NAME RUNS PREPARE COMMAND: hyperfine, median in seconds into $median (empty on failure).
measure() {
  local name=$1 runs=$2 prepare=$3 cmd=$4 json=$RESULTS/import-$5.json
  median=""
  bash -c "$prepare" >>"$LOG" 2>&1 || { echo "  $name: preparation FAILED (see $LOG)"; return 0; }
  local start=$(date +%s%N)
  if ! bash -c "$cmd" >>"$LOG" 2>&1; then
    echo "  $name: FAILED (see $LOG)"; failed_reason=$(tail -3 "$LOG" | tr '\n' ' ' | cut -c1-150); return 0
  fi
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  (( ms > SLOW_MS )) && runs=$SLOW_RUNS
  wait_quiet
  hyperfine --shell=bash --style none --runs "$runs" --prepare "$prepare" --export-json "$json" "$cmd" >>"$LOG" 2>&1
  median=$(python3 -c "import json,sys; print(json.load(open('$json'))['results'][0]['median'])")
  printf '  %-8s %8.3f s  (%s runs)\n' "$name" "$median" "$runs"
}

TABLE=$RESULTS/import-summary.md
{
  echo "# Import and export of real quilt series (medians, hyperfine)"
  echo
  echo "Machine: $(nproc) cores, $(uname -sr); load at start $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)."
  echo "Carry: NativeAOT build. Each run starts from the upstream tag with a clean working tree."
  echo "Ratios are tool ÷ Carry (higher = Carry faster). Reproduce: \`bench/run-import.sh\`."
  echo
  echo "| series | patches | carry import | quilt push -a | git am | gbp pq import | stg import --series | carry export quilt | git format-patch |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$TABLE.tmp"

fmt() { # median carry_median → "1.23 s (4.5×)"
  if [[ -z $1 ]]; then echo "failed"; elif [[ -z ${2:-} ]]; then printf '%.3f s' "$1";
  else python3 -c "print(f'{$1:.3f} s ({$1/$2:.1f}×)')"; fi
}

for entry in $SERIES; do
  pkg=${entry%%:*}; rev=${entry#*:}
  prepare_repo "$pkg"
  work=$DATA/$pkg/work
  series=$DATA/$pkg/series/$rev
  base=$(git -C "$DATA/$pkg/repo" tag | head -1)
  n=$(grep -cvE '^[[:space:]]*(#|$)' "$series/series")
  id="$pkg-$rev"
  echo "== $pkg $rev ($n patches, base $base)"
  reset="cd '$work' && git checkout -q -f -B B '$base' 2>/dev/null && git clean -q -fdx"
  skip=""; [[ $pkg == glibc ]] && skip="--binary-without-data skip"

  # Carry: a stack on branch bench-carry, reset to the base before each run.
  measure carry "$RUNS" "cd '$work' && git checkout -q -f -B bench-carry '$base' && git clean -q -fdx && git update-ref -d refs/carry/bench-carry 2>/dev/null; '$CARRY' init --base '$base' >/dev/null" \
    "cd '$work' && '$CARRY' import quilt '$series' $skip" "$id-carry"
  c_import=$median
  # Keep Carry's result: the commits git am, export and format-patch work on.
  git -C "$work" branch -f "imported-$rev" bench-carry
  git -C "$work" update-ref "refs/carry/imported-$rev" "refs/carry/bench-carry"
  mails=$DATA/$pkg/mails-$rev
  rm -rf "$mails"; git -C "$work" format-patch -q -o "$mails" "$base..imported-$rev"

  measure quilt "$RUNS" "$reset && rm -rf .pc" "cd '$work' && QUILT_PATCHES='$series' quilt push -a -q" "$id-quilt"
  q=$median
  measure git-am "$RUNS" "$reset && (git am --abort 2>/dev/null || true)" "cd '$work' && git am -q '$mails'/*.patch" "$id-git-am"
  am=$median

  # gbp pq and StGit apply with git apply, which refuses git-updates.diff's binary stanza without
  # data outright; to time them at all on glibc, they get a copy of the series without that stanza.
  peer_series=$series
  if grep -q '^Binary files ' "$series"/*.diff 2>/dev/null; then
    peer_series=$DATA/$pkg/series-nobinary/$rev
    if [[ ! -f $peer_series/series ]]; then
      mkdir -p "$(dirname "$peer_series")"; cp -r "$series" "$peer_series"
      python3 - "$peer_series" <<'PY'
import pathlib, re, sys
for f in pathlib.Path(sys.argv[1]).rglob('*.diff'):
    text = f.read_bytes()
    if b'\nBinary files ' not in text: continue
    parts = re.split(rb'(?=^diff --git )', text, flags=re.M)
    f.write_bytes(b''.join(p for p in parts if not re.search(rb'^Binary files .* differ$', p, flags=re.M)))
PY
    fi
  fi

  # gbp pq: a 'debian' branch = base + debian/ (control, changelog, source/format, patches).
  if ! git -C "$work" rev-parse -q --verify "refs/heads/debian-$rev" >/dev/null; then
    (cd "$work" && git checkout -q -f -B "debian-$rev" "$base" && git clean -q -fdx && mkdir -p debian/source \
      && cp -r "$peer_series" debian/patches && echo "3.0 (quilt)" > debian/source/format \
      && printf 'Source: %s\nMaintainer: B <b@x>\n\nPackage: %s\nArchitecture: any\nDescription: x\n y\n' "$pkg" "$pkg" > debian/control \
      && printf '%s (%s) bookworm; urgency=medium\n\n  * bench\n\n -- B <b@x>  Mon, 01 Jan 2024 00:00:00 +0000\n' "$pkg" "$rev" > debian/changelog \
      && git add -f debian && git commit -q -m debian) >>"$LOG" 2>&1
  fi
  measure gbp "$SLOW_RUNS" "cd '$work' && git checkout -q -f 'debian-$rev' && git clean -q -fdx && (git branch -q -D 'patch-queue/debian-$rev' 2>/dev/null || true)" \
    "cd '$work' && gbp pq import" "$id-gbp"
  g=$median
  # StGit deletes a stack only from another branch; its metadata must go for 'stg init' to work again.
  measure stg "$SLOW_RUNS" "cd '$work' && git checkout -q -f -B B '$base' && (stg branch --delete --force bench-stg >/dev/null 2>&1 || true) && (git branch -q -D bench-stg 2>/dev/null || true) && git checkout -q -f -B bench-stg '$base' && git clean -q -fdx && stg init" \
    "cd '$work' && stg import --series '$peer_series/series'" "$id-stg"
  s=$median

  out=$DATA/$pkg/export-$rev
  measure carry-export "$RUNS" "rm -rf '$out'; cd '$work' && git checkout -q -f 'imported-$rev'" "cd '$work' && '$CARRY' export quilt '$out'" "$id-carry-export"
  ce=$median
  if [[ -n $ce ]]; then
    diff -r "$series" "$out" >"$DATA/$pkg/export-$rev.diff" 2>&1 || true
    echo "  export vs original: $(grep -c '^Only in\|^diff' "$DATA/$pkg/export-$rev.diff" || true) differences (files the series does not list: $(grep -c "^Only in $series" "$DATA/$pkg/export-$rev.diff" || true))"
  fi
  measure format-patch "$RUNS" "rm -rf '$out-fp'" "cd '$work' && git format-patch -q -o '$out-fp' '$base..imported-$rev'" "$id-format-patch"
  fp=$median

  echo "| $pkg $rev | $n | $(fmt "$c_import") | $(fmt "$q" "$c_import") | $(fmt "$am" "$c_import") | $(fmt "$g" "$c_import") | $(fmt "$s" "$c_import") | $(fmt "$ce") | $(fmt "$fp" "$ce") |" >> "$TABLE.tmp"
done

{
  echo
  echo "Notes: gbp pq and StGit 0.19 apply with git apply, which refuses glibc's git-updates.diff (a"
  echo "'Binary files … differ' stanza without data) outright; on glibc they are timed on a copy of the series"
  echo "with that one stanza removed (bench/data/import/glibc/series-nobinary/). quilt (GNU patch) writes an"
  echo "empty file for it; Carry (--binary-without-data skip) leaves it out, reports it, keeps the original file."
  echo "git am gets the same patches as mails (git format-patch of Carry's import), since glibc's are not mails."
  echo "StGit 0.19 ignores DEP-3 headers; gbp pq rewrites nothing here but needs a debian/ folder (set up once)."
  echo "Export: an unchanged series, so Carry writes the imported files back (byte-identical; the diff -r"
  echo "differences on glibc are only the files the series does not list: README, series.hurd-i386 …)."
  echo "The upstream repository is packed (git repack -ad), as any clone is."
} >> "$TABLE.tmp"
mv "$TABLE.tmp" "$TABLE"
cp "$TABLE" "$RESULTS/import-$(date -u +%Y%m%d).md"
echo; cat "$TABLE"
