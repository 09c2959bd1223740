#!/usr/bin/env bash
# common.sh: helpers the bench scripts share. Source it after defining log, warn and die, and
# ROOT (the repository), DATA (bench/data) and LOG (the run's log file).

git_tune() {  # no auto gc/maintenance mid-benchmark, no user config leaking into the results
  git -C "$1" config user.name "$GIT_AUTHOR_NAME"
  git -C "$1" config user.email "$GIT_AUTHOR_EMAIL"
  git -C "$1" config gc.auto 0
  git -C "$1" config maintenance.auto false
  git -C "$1" config core.autocrlf false
  git -C "$1" config rebase.autoStash false
  git -C "$1" config rebase.updateRefs false
}

# One commit per quilt patch, applied the way quilt applies it (GNU patch -pN -f, fuzz allowed),
# so the branch's trees are exactly quilt's. Subject = patch path without extension.
commit_quilt_series() {  # repo patchdir
  local repo=$1 pdir=$2 line name args p n=0
  while IFS= read -r line; do
    line=${line%%#*}
    read -r name args <<<"$line" || true
    [[ -z ${name:-} ]] && continue
    p=1
    [[ ${args:-} =~ -p([0-9]+) ]] && p=${BASH_REMATCH[1]}
    patch -d "$repo" -p"$p" -f -s --no-backup-if-mismatch <"$pdir/$name" >/dev/null \
      || die "patch -p$p failed for $name"
    git -C "$repo" add -A -f
    git -C "$repo" commit -q --allow-empty -m "${name%.*}" -m "Debian patch debian/patches/$name"
    n=$((n + 1))
  done <"$pdir/series"
  log "  committed $n patches"
}

resolve_carry() {
  if [[ -n ${CARRY:-} ]]; then
    [[ -x $CARRY ]] || { warn "CARRY=$CARRY is not executable; skipping carry"; CARRY=; }
    return 0
  fi
  if [[ -x $DATA/carry-aot/carry ]]; then CARRY=$DATA/carry-aot/carry; return 0; fi
  if [[ ${CARRY_BUILD:-1} == 0 ]]; then warn "CARRY not set and CARRY_BUILD=0; skipping carry"; return 0; fi
  if ! command -v dotnet >/dev/null; then warn "dotnet not found; skipping carry"; return 0; fi
  log "carry: dotnet publish src/Carry.Cli -c Release (JIT) -> bench/data/carry-bin"
  # --artifacts-path keeps obj/ and bin/ out of src/, so a concurrent build there is not disturbed.
  if (cd "$ROOT" && dotnet publish src/Carry.Cli -c Release -o "$DATA/carry-bin" \
        --artifacts-path "$DATA/carry-build" -nologo -v q) >>"$LOG" 2>&1 && [[ -x $DATA/carry-bin/carry ]]; then
    CARRY=$DATA/carry-bin/carry
  else
    warn "carry build failed (see $LOG); skipping carry"; CARRY=
  fi
}

tool_version() {
  case $1 in
    git)   git --version ;;
    stg)   stg --version 2>/dev/null | head -n 1 ;;
    quilt) echo "quilt $(quilt --version 2>/dev/null)" ;;
    carry) echo "$("$CARRY" --version 2>/dev/null | head -n 1) ($CARRY)" ;;  # says NativeAOT or .NET
  esac
}

# Optional: before each measurement wait (at most QUIET_WAIT seconds) for the 1-minute load
# average to drop below QUIET_LOAD, when other work shares the machine.
wait_quiet() {
  (( ${QUIET_WAIT:-0} > 0 )) || return 0
  local end=$((SECONDS + QUIET_WAIT))
  while (( SECONDS < end )); do
    awk -v m="${QUIET_LOAD:-1.5}" '{ exit !($1 < m) }' /proc/loadavg && return 0
    sleep 5
  done
  warn "load average still $(cut -d' ' -f1 /proc/loadavg) after ${QUIET_WAIT} s; measuring anyway"
}

# log, warn and die for a script whose log file is $LOG, each line prefixed with [TAG].
use_log() {  # TAG
  local tag=$1
  eval "log() { echo \"[$tag] \$*\" | tee -a \"\$LOG\" >&2; }
warn() { echo \"[$tag] warning: \$*\" | tee -a \"\$LOG\" >&2; }
die() { echo \"[$tag] error: \$*\" | tee -a \"\$LOG\" >&2; exit 1; }"
}
