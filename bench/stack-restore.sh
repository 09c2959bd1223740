#!/usr/bin/env bash
# stack-restore.sh SNAP WORK — put the benchmark work copy WORK back into the exact state of the
# pristine snapshot SNAP before a measured run (run-stack.sh uses it as hyperfine --prepare).
#
# rsync restores files, .pc/, patches/ and .git/ (refs, StGit/Carry metadata; loose objects
# a previous run created are deleted). The git index is the exception: SNAP's index holds SNAP's
# inode/ctime stat data, which would make every file of WORK look stat-dirty and force git (and
# anything reading the index) to re-hash the whole tree. So the first restore from SNAP refreshes
# the index once and keeps it as WORK.<snap>.index (same entries as SNAP's index, stat data valid
# for WORK); later restores copy it back and re-stat the few files rsync rewrote. Every measured
# run thus starts with a clean, fully refreshed index: the state a user has after a previous command.
set -euo pipefail
snap=${1:?usage: stack-restore.sh SNAP WORK}
work=${2:?usage: stack-restore.sh SNAP WORK}
gold=$work.$(basename "$snap").index
if [[ -d $snap/.git ]]; then
  if [[ -f $gold ]]; then
    rsync -a --delete --exclude=/.git/index "$snap/" "$work/"
    # rsync skips a file whose size and mtime second match; a ref or stack file the previous run
    # rewrote within the second the snapshot was made would survive. Compare .git's small files
    # by content (objects are immutable: names are hashes; packs only appear or vanish).
    rsync -a --delete --checksum --exclude=/index --exclude=/objects/ "$snap/.git/" "$work/.git/"
    cp -p "$gold" "$work/.git/index"
    git -C "$work" update-index -q --refresh >/dev/null 2>&1 || true
  else
    rsync -a --delete "$snap/" "$work/"
    git -C "$work" update-index -q --refresh >/dev/null 2>&1 || true
    cp -p "$work/.git/index" "$gold"
  fi
else
  rsync -a --delete "$snap/" "$work/"
fi
