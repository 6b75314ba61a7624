#!/usr/bin/env bash
# Runs every test of Bridge on a fresh machine. Installs what the tests need first (none yet beyond the .NET SDK
# and OpenSSL, which the base image has), builds once, runs each test project, and prints one summary line:
#   N passed, N failed
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }
command -v openssl >/dev/null || { echo "error: openssl is required by the certificate tests" >&2; exit 2; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "==> build"
dotnet build Bridge.sln -c Release -v quiet -nologo

echo "==> test"
status=0
# Exit code 8 means "zero tests ran" in one project and is not a failure.
dotnet test --solution Bridge.sln -c Release --no-build --ignore-exit-code 8 2>&1 | tee "$log" || status=$?

# The platform ends with a summary block ("failed: N", "succeeded: N"); turn it into the line CI reads.
passed=$(sed -n 's/^ *succeeded: *\([0-9]*\).*/\1/p' "$log" | tail -1)
failed=$(sed -n 's/^ *failed: *\([0-9]*\).*/\1/p' "$log" | tail -1)
passed=${passed:-0}; failed=${failed:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
