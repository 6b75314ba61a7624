# Sourced by scripts/publish-bootstrap.sh and scripts/publish-agent.sh: one Native AOT publish of a project, which
# fails when the publish reports any warning (trimming/AOT analysis included) and when the binary needs a newer glibc
# than Amazon Linux 2023 ships (2.34): the Lambda provided.al2023 runtime and the oldest host the agent targets
# (Ubuntu 22.04+, Debian 12+ and RHEL 9+ have newer ones).
#
#   native_aot_publish <project.csproj> <linux-x64|linux-arm64> <executable name> <what, for messages> [-p:Name=Value ...]
#
# sets $binary (the stripped executable), $needed (the newest GLIBC symbol version it needs) and $work (a temporary
# directory holding the whole publish output, removed at exit).
#
# Cross-compiling linux-arm64 on an x64 Linux host needs an aarch64 GNU toolchain (Debian/Ubuntu: apt-get install
# binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross); without one, build on an arm64 machine,
# e.g. in public.ecr.aws/sam/build-provided.al2023 (src/LambdaHosting/README.md).

max_glibc=2.34

native_aot_publish() {
  local project=$1 rid=$2 executable=$3 what=$4 arch
  shift 4
  case "$rid" in
    linux-x64) arch=x86_64 ;;
    linux-arm64) arch=aarch64 ;;
    *) echo "error: unsupported runtime identifier $rid (linux-x64 or linux-arm64)" >&2; exit 2 ;;
  esac
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

  command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }
  command -v clang >/dev/null || command -v clang-14 >/dev/null || command -v gcc >/dev/null ||
    { echo "error: Native AOT links with clang or gcc; install clang (apt-get install clang)" >&2; exit 2; }
  command -v objdump >/dev/null || { echo "error: objdump (binutils) is required to check the glibc requirement" >&2; exit 2; }

  local host_arch extra=("$@")
  host_arch=$(uname -m)
  if [ "$host_arch" != "$arch" ]; then
    # Cross-compiling: the ILCompiler targets pass --target=<triple> to clang, which then needs the target's libc and
    # crt files. Debian's cross packages put them where clang finds them by itself (/usr/<triple>).
    if [ "$(uname -s)" != Linux ] || ! command -v "$arch-linux-gnu-ld" >/dev/null || [ ! -e "/usr/$arch-linux-gnu/lib/libc.so" ]; then
      cat >&2 <<MESSAGE
error: cannot cross-compile $rid on this $host_arch machine: no $arch GNU toolchain (linker and libc).
  Either install one (Debian/Ubuntu: apt-get install binutils-$arch-linux-gnu gcc-$arch-linux-gnu libc6-dev-${rid#linux-}-cross),
  or publish on a $arch machine, e.g. in the Lambda build image:
    docker run --rm -v "\$PWD":/src -w /src public.ecr.aws/sam/build-provided.al2023:latest-$([ "$arch" = aarch64 ] && echo arm64 || echo x86_64) \\
      bash -c 'dnf install -y clang && scripts/$(basename "$0") $rid out/$rid'
  (the image needs the .NET 10 SDK installed too; see src/LambdaHosting/README.md).
MESSAGE
      exit 3
    fi
    # gcc does not take --target; clang does and then uses the cross gcc's crt files, libraries and linker.
    local clang
    clang=$(command -v clang || command -v clang-14 || true)
    [ -n "$clang" ] || { echo "error: cross-compiling $rid needs clang (apt-get install clang)" >&2; exit 3; }
    # The ILCompiler strips with objcopy, which must be the target's.
    extra+=("-p:CppCompilerAndLinker=$clang" "-p:ObjCopyName=$arch-linux-gnu-objcopy")
  fi

  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT

  echo "==> dotnet publish $(basename "$(dirname "$project")") -r $rid (Native AOT)"
  local log="$work/publish.log" status=0
  dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true \
    -p:StripSymbols=true ${extra[@]+"${extra[@]}"} -o "$work/publish" -nologo -clp:NoSummary >"$log" 2>&1 || status=$?
  # Trimming and AOT analysis warnings (IL2xxx/IL3xxx) come from the ILCompiler, after the build's own
  # warnings-as-errors: any warning line fails the publish here.
  if [ "$status" -ne 0 ] || grep -qE '(^|[ :])warning [A-Z]+[0-9]+' "$log"; then
    grep -E '(^|[ :])(warning|error) [A-Z]+[0-9]+' "$log" | sort -u >&2 || cat "$log" >&2
    echo "error: the Native AOT publish of $what for $rid failed or reported warnings (see above)" >&2
    exit 1
  fi

  binary="$work/publish/$executable"
  [ -x "$binary" ] || { echo "error: the publish produced no native executable at $binary" >&2; exit 1; }

  # A binary that needs a newer glibc symbol version fails at start with "version `GLIBC_2.xx' not found".
  needed=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -1)
  if [ -z "$needed" ]; then
    echo "error: found no GLIBC symbol versions in $binary (is objdump able to read $rid binaries?)" >&2
    exit 1
  fi
  if [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
    echo "error: $what needs GLIBC_$needed but Amazon Linux 2023 has glibc $max_glibc; publish on an older glibc" >&2
    echo "       (e.g. in public.ecr.aws/sam/build-provided.al2023, see src/LambdaHosting/README.md)" >&2
    objdump -T "$binary" | grep -E "GLIBC_$needed" | head -5 >&2
    exit 1
  fi
}
