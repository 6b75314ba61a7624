#!/usr/bin/env bash
# Publishes the exchange service as a Native AOT Lambda custom runtime for provided.al2023:
#   scripts/publish-bootstrap.sh <linux-x64|linux-arm64> <outdir>
# leaves <outdir>/bootstrap (stripped executable) and <outdir>/bootstrap.zip (bootstrap + appsettings.json, no debug
# symbols), ready for `aws lambda update-function-code --zip-file fileb://<outdir>/bootstrap.zip` or a CDK asset.
#
# Metrics leave Lambda as CloudWatch EMF; the OTLP exporter, and the OpenTelemetry SDK it needs, are left out of the
# bootstrap (1.7 MB of every cold start's memory) unless BRIDGE_OTLP_EXPORTER=true.
#
# Fails on any publish warning and on a glibc newer than provided.al2023's (scripts/lib/native-aot.sh, which also
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

native_aot_publish "$repo/src/ExchangeFunction/Bridge.ExchangeFunction.csproj" "$rid" Bridge.ExchangeFunction bootstrap \
  "-p:BridgeOtlpExporter=${BRIDGE_OTLP_EXPORTER:-false}"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

install -m 0755 "$binary" "$outdir/bootstrap"
rm -f "$outdir/bootstrap.zip"
if [ -f "$work/publish/appsettings.json" ]; then
  install -m 0644 "$work/publish/appsettings.json" "$outdir/appsettings.json"
fi
# Only the executable and its settings: the .dbg symbols and .pdb files stay out of the package.
if command -v zip >/dev/null; then
  (cd "$outdir" && zip -q -X bootstrap.zip bootstrap $([ -f appsettings.json ] && echo appsettings.json))
else
  python3 - "$outdir" <<'EOF'
import os, sys, zipfile
out = sys.argv[1]
with zipfile.ZipFile(os.path.join(out, "bootstrap.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
    for name in ("bootstrap", "appsettings.json"):
        if os.path.exists(os.path.join(out, name)):
            archive.write(os.path.join(out, name), name)
EOF
fi

size=$(du -k "$outdir/bootstrap" | cut -f1)
echo "==> $outdir/bootstrap ($rid, ${size} KiB, needs GLIBC_$needed <= $max_glibc) and bootstrap.zip"
