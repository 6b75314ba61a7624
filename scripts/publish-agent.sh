#!/usr/bin/env bash
# Publishes the node agent as a self-contained Native AOT executable:
#   scripts/publish-agent.sh <linux-x64|linux-arm64> <outdir>
# leaves <outdir>/bridge-agent (stripped, no runtime needed on the host) and <outdir>/appsettings.json (log levels; the
# agent runs without it), ready for the systemd unit (deploy/systemd/bridge-agent.service) or a container image
# (deploy/ecs/bridge-agent-sidecar.json); docs/agent/install.md.
#
# Fails on any publish warning and on a glibc newer than Amazon Linux 2023's (scripts/lib/native-aot.sh, which also
# says how to cross-compile linux-arm64).
set -euo pipefail

usage() { echo "usage: $0 <linux-x64|linux-arm64> <outdir>" >&2; exit 2; }
[ $# -eq 2 ] || usage
case "$1" in linux-x64 | linux-arm64) ;; *) usage ;; esac
rid=$1
outdir=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/native-aot.sh
. "$repo/scripts/lib/native-aot.sh"

native_aot_publish "$repo/src/Agent/Bridge.Agent.csproj" "$rid" bridge-agent bridge-agent
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

# Only the executable and its settings: no .dbg symbols, .pdb files or web-asset manifests.
install -m 0755 "$binary" "$outdir/bridge-agent"
install -m 0644 "$work/publish/appsettings.json" "$outdir/appsettings.json"

size=$(du -k "$outdir/bridge-agent" | cut -f1)
echo "==> $outdir/bridge-agent ($rid, ${size} KiB, needs GLIBC_$needed <= $max_glibc)"
