#!/usr/bin/env bash
# Turns the summary block that `dotnet test` (Microsoft.Testing.Platform) ends its log with into the one line CI reads:
#   N passed, N failed, N skipped
# The block looks like this (the last one in the log is the whole run's):
#   Test run summary: Passed!
#     total: 6
#     failed: 0
#     succeeded: 5
#     skipped: 1
# usage: scripts/test-summary.sh LOG TEST_EXIT_STATUS [CHECK_STATUS...]
# TEST_EXIT_STATUS is dotnet test's exit code: a failing run whose log shows no failed test (a crash, a build error)
# still counts as one failure. Each CHECK_STATUS is the exit code of one more check counted with the tests (the CDK
# synth check): 0 adds one passed, anything else one failed.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 LOG TEST_EXIT_STATUS [CHECK_STATUS...]" >&2; exit 2; }
log=$1 status=$2
shift 2

count() { sed -n "s/^ *$1: *\([0-9][0-9]*\).*/\1/p" "$log" | tail -1; }
passed=$(count succeeded) failed=$(count failed) skipped=$(count skipped)
passed=${passed:-0} failed=${failed:-0} skipped=${skipped:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
for check in "$@"; do
  if [ "$check" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
