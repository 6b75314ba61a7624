#!/usr/bin/env bash
# Synthesizes the CDK app (infra/cdk) with the CDK CLI pinned in infra/cdk/package-lock.json, installed locally.
# Needs the .NET 10 SDK and Node.js >= 22 (20 still works, with a note: it is end-of-life); no AWS credentials (every
# stack has an explicit account and Region).
#
#   infra/synth.sh --check          synth an example stage with a placeholder bootstrap into a temp dir, verify
#                                   the templates, print one line (what test.sh / CI run; nothing is built or deployed)
#   infra/synth.sh [cdk args...]    `cdk synth` of your stage, e.g.
#                                   infra/synth.sh -c bridge:account=111122223333 -c bridge:region=eu-west-1 \
#                                     -c bridge:trustDomain=example.org -c bridge:stsIssuers=444455556666=https://<id>.tokens.sts.global.api.aws
#                                   (without -c bridge:bootstrapDir=DIR the function is built from source)
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 CDK_DISABLE_VERSION_CHECK=1
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }
command -v npm >/dev/null || { echo "error: Node.js >= 22 and npm are required (the CDK CLI and jsii run on node)" >&2; exit 2; }

# The CDK CLI and jsii support Node.js 22 and later. Node 18 and 20 are end-of-life but still synthesize: say so in one
# line instead of the two full-screen banners (CLI, then jsii) they would otherwise print on every run.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "error: Node.js $(node --version) is too old: the CDK needs Node.js >= 22" >&2; exit 2
elif [ "$node_major" -lt 22 ]; then
  echo "note: Node.js $(node --version) is end-of-life; the CDK CLI and jsii support Node.js >= 22 (synthesizing anyway)" >&2
  export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=$node_major
fi

# The CLI version is pinned by the committed lock file; reinstall only when it is missing.
if [ ! -x infra/cdk/node_modules/.bin/cdk ]; then
  npm ci --prefix infra/cdk --no-audit --no-fund --loglevel=error
fi
cdk=infra/cdk/node_modules/.bin/cdk

if [ "${1:-}" != "--check" ]; then
  exec "$cdk" synth --no-notices "$@"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bootstrap"
# A placeholder: the check is about the templates; building the Native AOT function is scripts/publish-bootstrap.sh's job.
printf '#!/bin/sh\nexit 1\n' > "$work/bootstrap/bootstrap"

"$cdk" synth --no-notices -q -o "$work/cdk.out" \
  -c bridge:stage=check \
  -c bridge:account=111122223333 -c bridge:region=eu-west-1 \
  -c bridge:trustDomain=example.org \
  -c bridge:stsIssuers=444455556666=https://0f4e2a9c-5b1d-4c3e-9a7f-1d2e3f4a5b6c.tokens.sts.global.api.aws \
  -c bridge:customDomain=bridge.example.org \
  -c bridge:certificateArn=arn:aws:acm:eu-west-1:111122223333:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee \
  -c bridge:consumerSpiffeId=spiffe://example.org/billing/worker \
  -c bridge:bootstrapDir="$work/bootstrap" >"$work/synth.log" 2>&1 || { cat "$work/synth.log" >&2; exit 1; }

for stack in Bridge-check-State Bridge-check-Service Bridge-check-Consumer; do
  [ -s "$work/cdk.out/$stack.template.json" ] || { echo "error: cdk synth produced no $stack template" >&2; cat "$work/synth.log" >&2; exit 1; }
done
echo "cdk synth ok: Bridge-check-State, Bridge-check-Service, Bridge-check-Consumer"
