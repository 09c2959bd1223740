#!/bin/sh
# The steps every Carry CI template runs (docs/ci/github-actions.yml, docs/ci/gitlab-ci.yml), in one
# place, so tests/ci/run-locally.sh can run exactly them against bare remotes.
#
#   STACK          the fork's branch carrying the stack (e.g. main)
#   UPSTREAM_URL   upstream's repository (added as remote 'upstream' unless it exists)
#   REVIEW_BRANCH  where the synced branch and its stack are pushed (default: carry/$STACK)
#   PUSH_REMOTE    the fork's remote to push to (default: origin; empty: do not push)
#   MERGE_REQUEST  1: add GitLab push options creating/updating the merge request
#   TEST_COMMAND   optional: run on every applied patch (sh -c), results cached in the stack
#   REPORT_DIR     report.md, report.json and parked/ go here (default: carry-report)
#   CARRY          the carry command (default: carry)
#
# Exit: carry's own (docs/unattended.md): 0 synced, 1 error, 2 parked, 3 test failed, 4 probable landings, 5 locked.
set -u
carry=${CARRY:-carry}
stack=${STACK:?STACK names the branch carrying the stack}
review=${REVIEW_BRANCH:-carry/$stack}
push=${PUSH_REMOTE-origin}
report=${REPORT_DIR:-carry-report}
mkdir -p "$report/parked"

# Start from the last synced result when there is one (so an unchanged upstream pushes nothing),
# else from the stack's own branch.
from=$stack
if git ls-remote --exit-code origin "refs/carry/$review" >/dev/null 2>&1; then from=$review; fi
git fetch -q origin "+refs/heads/$from:refs/remotes/origin/$from" "+refs/carry/$from:refs/carry/$stack" || exit 1
git checkout -q -B "$stack" "refs/remotes/origin/$from" || exit 1
git remote get-url upstream >/dev/null 2>&1 || git remote add upstream "${UPSTREAM_URL:?UPSTREAM_URL names upstream}"

set -- sync --fetch --park --format markdown
if [ -n "$push" ]; then set -- "$@" --push "$push" --branch "$review"; fi
if [ "${MERGE_REQUEST:-0}" = 1 ]; then set -- "$@" --merge-request --target "$stack"; fi
if [ -n "${TEST_COMMAND:-}" ]; then set -- "$@" --test -- sh -c "$TEST_COMMAND"; fi
# shellcheck disable=SC2086 # CARRY may be a command with arguments (dotnet carry.dll)
$carry "$@" > "$report/report.md"
code=$?
cat "$report/report.md"

# The same report for scripts (up to date now: it lists what stays parked, with the three sides'
# blob ids), and each parked patch as a file for the artifact.
# shellcheck disable=SC2086
$carry sync --format json > "$report/report.json"
git show "refs/carry/$stack:stack" | awk '$1 == "unapplied" && / parked=/ { print $2, $3 }' |
while read -r commit name; do git format-patch -q -1 --stdout "$commit" > "$report/parked/$name.patch"; done
echo "carry sync exit $code"
exit $code
