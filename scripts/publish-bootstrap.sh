#!/usr/bin/env bash
# Publishes the exchange service as a Native AOT Lambda custom runtime for provided.al2023:
#   scripts/publish-bootstrap.sh <linux-x64|linux-arm64> <outdir>
# leaves <outdir>/bootstrap (stripped executable) and <outdir>/bootstrap.zip (bootstrap + appsettings.json, no debug
# symbols), ready for `aws lambda update-function-code --zip-file fileb://<outdir>/bootstrap.zip` or a CDK asset.
#
# Fails when the publish reports any warning (trimming/AOT analysis included) and when the binary needs a newer glibc
# than provided.al2023 ships (2.34). Cross-compiling linux-arm64 on an x64 Linux host needs an aarch64 GNU toolchain
# (Debian/Ubuntu: apt-get install binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross); without
# one, build inside public.ecr.aws/sam/build-provided.al2023 on an arm64 machine (src/LambdaHosting/README.md).
set -euo pipefail

usage() { echo "usage: $0 <linux-x64|linux-arm64> <outdir>" >&2; exit 2; }
[ $# -eq 2 ] || usage
rid=$1
outdir=$2
case "$rid" in linux-x64) arch=x86_64 ;; linux-arm64) arch=aarch64 ;; *) usage ;; esac

# The glibc of the Lambda provided.al2023 runtime (Amazon Linux 2023).
max_glibc=2.34

repo=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }
command -v clang >/dev/null || command -v clang-14 >/dev/null || command -v gcc >/dev/null ||
  { echo "error: Native AOT links with clang or gcc; install clang (apt-get install clang)" >&2; exit 2; }
command -v objdump >/dev/null || { echo "error: objdump (binutils) is required to check the glibc requirement" >&2; exit 2; }

host_arch=$(uname -m)
extra=()
if [ "$host_arch" != "$arch" ]; then
  # Cross-compiling: the ILCompiler targets pass --target=<triple> to clang, which then needs the target's libc and
  # crt files. Debian's cross packages put them where clang finds them by itself (/usr/<triple>).
  if [ "$(uname -s)" != Linux ] || ! command -v "$arch-linux-gnu-ld" >/dev/null || [ ! -e "/usr/$arch-linux-gnu/lib/libc.so" ]; then
    cat >&2 <<EOF
error: cannot cross-compile $rid on this $host_arch machine: no $arch GNU toolchain (linker and libc).
  Either install one (Debian/Ubuntu: apt-get install binutils-$arch-linux-gnu gcc-$arch-linux-gnu libc6-dev-${rid#linux-}-cross),
  or publish on a $arch machine, e.g. in the Lambda build image:
    docker run --rm -v "\$PWD":/src -w /src public.ecr.aws/sam/build-provided.al2023:latest-$([ "$arch" = aarch64 ] && echo arm64 || echo x86_64) \\
      bash -c 'dnf install -y clang && scripts/publish-bootstrap.sh $rid out/$rid'
  (the image needs the .NET 10 SDK installed too; see src/LambdaHosting/README.md).
EOF
    exit 3
  fi
  # gcc does not take --target; clang does and then uses the cross gcc's crt files, libraries and linker.
  clang=$(command -v clang || command -v clang-14 || true)
  [ -n "$clang" ] || { echo "error: cross-compiling $rid needs clang (apt-get install clang)" >&2; exit 3; }
  # The ILCompiler strips with objcopy, which must be the target's.
  extra+=("-p:CppCompilerAndLinker=$clang" "-p:ObjCopyName=$arch-linux-gnu-objcopy")
fi

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> dotnet publish src/ExchangeFunction -r $rid (Native AOT)"
log="$work/publish.log"
status=0
dotnet publish "$repo/src/ExchangeFunction/Bridge.ExchangeFunction.csproj" -c Release -r "$rid" -p:PublishAot=true \
  -p:StripSymbols=true ${extra[@]+"${extra[@]}"} -o "$work/publish" -nologo -clp:NoSummary >"$log" 2>&1 || status=$?
# Trimming and AOT analysis warnings (IL2xxx/IL3xxx) come from the ILCompiler, after the build's own
# warnings-as-errors: any warning line fails the publish here.
if [ "$status" -ne 0 ] || grep -qE '(^|[ :])warning [A-Z]+[0-9]+' "$log"; then
  grep -E '(^|[ :])(warning|error) [A-Z]+[0-9]+' "$log" | sort -u >&2 || cat "$log" >&2
  echo "error: the Native AOT publish for $rid failed or reported warnings (see above)" >&2
  exit 1
fi

binary="$work/publish/Bridge.ExchangeFunction"
[ -x "$binary" ] || { echo "error: the publish produced no native executable at $binary" >&2; exit 1; }

# provided.al2023 has glibc 2.34: a binary that needs a newer symbol version fails at start with
# "version `GLIBC_2.xx' not found". Check the dynamic symbol versions it needs.
needed=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -1)
if [ -z "$needed" ]; then
  echo "error: found no GLIBC symbol versions in $binary (is objdump able to read $rid binaries?)" >&2
  exit 1
fi
if [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
  echo "error: bootstrap needs GLIBC_$needed but provided.al2023 has glibc $max_glibc; publish on an older glibc" >&2
  echo "       (e.g. in public.ecr.aws/sam/build-provided.al2023, see src/LambdaHosting/README.md)" >&2
  objdump -T "$binary" | grep -E "GLIBC_$needed" | head -5 >&2
  exit 1
fi

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
