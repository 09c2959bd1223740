#!/bin/sh
# Runs docs/ci/carry-ci.sh -- the exact steps of the CI templates in docs/ci/ -- on this machine,
# against bare remotes: a bare upstream; a bare fork remote that advertises push options and records
# them in its pre-receive hook (as GitLab reads them); a developer who shares a stack of two patches;
# upstream then rewrites a line one patch changes. Two CI runs follow, each in a fresh clone:
#   1. syncs, parks the conflict, tests, pushes carry/main + its stack with the merge-request options: exit 2
#   2. upstream unchanged: the same report, nothing pushed (the hook sees no second push)
# Usage: tests/ci/run-locally.sh [CARRY]   CARRY: the carry command (default: carry; e.g. "dotnet path/carry.dll")
set -eu
carry=${1:-${CARRY:-carry}}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/carry-ci-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME="CI test" GIT_AUTHOR_EMAIL=ci@example.com GIT_COMMITTER_NAME="CI test" GIT_COMMITTER_EMAIL=ci@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
fail() { echo "FAIL: $*" >&2; exit 1; }

git init -q --bare -b main "$work/upstream.git"
git init -q --bare -b main "$work/fork.git"
git -C "$work/fork.git" config receive.advertisePushOptions true
cat > "$work/fork.git/hooks/pre-receive" <<'HOOK'
#!/bin/sh
{ echo "push with ${GIT_PUSH_OPTION_COUNT:-0} options"; i=0
  while [ "$i" -lt "${GIT_PUSH_OPTION_COUNT:-0}" ]; do eval "echo \"\$GIT_PUSH_OPTION_$i\""; i=$((i+1)); done
  cat; } >> "$(dirname "$0")/../received"
HOOK
chmod +x "$work/fork.git/hooks/pre-receive"

# Upstream, and a developer's fork carrying two patches, its stack shared on the fork remote.
git clone -q "$work/upstream.git" "$work/maintainer" 2>/dev/null
(cd "$work/maintainer" && seq 1 100 > numbers.txt && git add . && git commit -qm "upstream base" && git push -q origin main)
git clone -q -o upstream "$work/upstream.git" "$work/dev"
(cd "$work/dev" && git remote add origin "$work/fork.git" && $carry init --base upstream/main > /dev/null \
  && $carry new keep-40 -m "keep-40: the fork's line 40" > /dev/null && sed -i.bak 's/^40$/forty, the fork/' numbers.txt && rm numbers.txt.bak \
  && git add -A && $carry refresh > /dev/null \
  && $carry new own-file -m "own-file: a file of the fork" > /dev/null && echo mine > mine.txt && git add -A && $carry refresh > /dev/null \
  && git push -q origin main && $carry share push origin > /dev/null)
(cd "$work/maintainer" && sed -i.bak 's/^40$/forty, upstream/' numbers.txt && rm numbers.txt.bak && git commit -qam "Upstream rewrites line 40" && git push -q origin main)

run() {
  git clone -q "$work/fork.git" "$work/$1" 2>/dev/null
  (cd "$work/$1" && git config user.name "carry bot" && git config user.email bot@example.com \
    && STACK=main UPSTREAM_URL="$work/upstream.git" MERGE_REQUEST=1 TEST_COMMAND="test -f numbers.txt" CARRY="$carry" \
       sh "$root/docs/ci/carry-ci.sh" > "$work/$1.out" 2>&1) && echo 0 || echo $?
}

first=$(run ci1)
[ "$first" = 2 ] || { cat "$work/ci1.out"; fail "first run: exit $first, expected 2 (a patch parked)"; }
grep -q "| keep-40 | \*\*parked\*\* |" "$work/ci1.out" || fail "the report does not list keep-40 as parked"
grep -q '^merge_request.create$' "$work/fork.git/received" || fail "no merge_request.create push option arrived"
grep -q '^merge_request.target=main$' "$work/fork.git/received" || fail "no merge_request.target push option arrived"
grep -q '^merge_request.description=.*keep-40' "$work/fork.git/received" || fail "the description does not name the parked patch"
[ "$(git -C "$work/fork.git" rev-parse refs/heads/carry/main)" = "$(git -C "$work/ci1" rev-parse HEAD)" ] || fail "carry/main is not the synced branch"
git -C "$work/fork.git" rev-parse -q --verify refs/carry/carry/main > /dev/null || fail "the stack was not pushed"
pushes=$(grep -c '^push with' "$work/fork.git/received")

second=$(run ci2)
[ "$second" = 2 ] || { cat "$work/ci2.out"; fail "second run: exit $second, expected 2"; }
[ "$(grep -c '^push with' "$work/fork.git/received")" = "$pushes" ] || fail "the unchanged second run pushed"
grep -q "Nothing to push\|still parked\|parked" "$work/ci2.out" || fail "the second run's report is missing"
echo "ok: run 1 parked keep-40 and pushed with merge-request options; run 2 pushed nothing"
