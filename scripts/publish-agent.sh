#!/usr/bin/env bash
# Publishes the node agent as a self-contained Native AOT executable:
#   scripts/publish-agent.sh <linux-x64|linux-arm64> <outdir>
# leaves <outdir>/bridge-agent (stripped, no runtime needed on the host) and <outdir>/appsettings.json (log levels; the
# agent runs without it), ready for the systemd unit (deploy/systemd/bridge-agent.service) or a container image
# (deploy/ecs/bridge-agent-sidecar.json); docs/agent/install.md.
#
# Fails when the publish reports any warning (trimming/AOT analysis included) and when the binary needs a newer glibc
# than Amazon Linux 2023 ships (2.34), the oldest host the agent targets. Cross-compiling linux-arm64 on an x64 host
# needs an aarch64 GNU toolchain, as for scripts/publish-bootstrap.sh (its header says how).
set -euo pipefail

usage() { echo "usage: $0 <linux-x64|linux-arm64> <outdir>" >&2; exit 2; }
[ $# -eq 2 ] || usage
rid=$1
outdir=$2
case "$rid" in linux-x64) arch=x86_64 ;; linux-arm64) arch=aarch64 ;; *) usage ;; esac

# Amazon Linux 2023's glibc; Ubuntu 22.04+, Debian 12+ and RHEL 9+ have newer ones.
max_glibc=2.34

repo=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }
command -v clang >/dev/null || command -v clang-14 >/dev/null || command -v gcc >/dev/null ||
  { echo "error: Native AOT links with clang or gcc; install clang (apt-get install clang)" >&2; exit 2; }
command -v objdump >/dev/null || { echo "error: objdump (binutils) is required to check the glibc requirement" >&2; exit 2; }

extra=()
if [ "$(uname -m)" != "$arch" ]; then
  if [ "$(uname -s)" != Linux ] || ! command -v "$arch-linux-gnu-ld" >/dev/null || [ ! -e "/usr/$arch-linux-gnu/lib/libc.so" ]; then
    echo "error: cannot cross-compile $rid on this $(uname -m) machine: no $arch GNU toolchain (see scripts/publish-bootstrap.sh)" >&2
    exit 3
  fi
  clang=$(command -v clang || command -v clang-14 || true)
  [ -n "$clang" ] || { echo "error: cross-compiling $rid needs clang (apt-get install clang)" >&2; exit 3; }
  extra+=("-p:CppCompilerAndLinker=$clang" "-p:ObjCopyName=$arch-linux-gnu-objcopy")
fi

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> dotnet publish src/Agent -r $rid (Native AOT)"
log="$work/publish.log"
status=0
dotnet publish "$repo/src/Agent/Bridge.Agent.csproj" -c Release -r "$rid" -p:PublishAot=true \
  -p:StripSymbols=true ${extra[@]+"${extra[@]}"} -o "$work/publish" -nologo -clp:NoSummary >"$log" 2>&1 || status=$?
# Trimming and AOT analysis warnings (IL2xxx/IL3xxx) come from the ILCompiler, after the build's own
# warnings-as-errors: any warning line fails the publish here.
if [ "$status" -ne 0 ] || grep -qE '(^|[ :])warning [A-Z]+[0-9]+' "$log"; then
  grep -E '(^|[ :])(warning|error) [A-Z]+[0-9]+' "$log" | sort -u >&2 || cat "$log" >&2
  echo "error: the Native AOT publish of the agent for $rid failed or reported warnings (see above)" >&2
  exit 1
fi

binary="$work/publish/bridge-agent"
[ -x "$binary" ] || { echo "error: the publish produced no native executable at $binary" >&2; exit 1; }

needed=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -1)
if [ -z "$needed" ]; then
  echo "error: found no GLIBC symbol versions in $binary (is objdump able to read $rid binaries?)" >&2
  exit 1
fi
if [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
  echo "error: bridge-agent needs GLIBC_$needed but Amazon Linux 2023 has glibc $max_glibc; publish on an older glibc" >&2
  objdump -T "$binary" | grep -E "GLIBC_$needed" | head -5 >&2
  exit 1
fi

# Only the executable and its settings: no .dbg symbols, .pdb files or web-asset manifests.
install -m 0755 "$binary" "$outdir/bridge-agent"
install -m 0644 "$work/publish/appsettings.json" "$outdir/appsettings.json"

size=$(du -k "$outdir/bridge-agent" | cut -f1)
echo "==> $outdir/bridge-agent ($rid, ${size} KiB, needs GLIBC_$needed <= $max_glibc)"
