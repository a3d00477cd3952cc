#!/usr/bin/env bash
# run.sh BUILD_DIR [SECONDS] — build the protocol libFuzzer target with clang++ (no cmake)
# into BUILD_DIR and fuzz for SECONDS (default 60). Exit status is non-zero on any crash,
# leak, sanitizer report or timeout; the input that caused it is left in BUILD_DIR.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [SECONDS]" >&2
  exit 2
fi
build_dir=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cxx=${CLANGXX:-clang++}

mkdir -p "$build_dir/corpus"
build_dir=$(cd "$build_dir" && pwd)

echo "== building $build_dir/protocol_fuzz with $cxx"
"$cxx" -std=c++20 -g -O1 -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root/server/protocol/include" -I"$root/server/protocol/src" \
  "$here/protocol_fuzz.cpp" "$root"/server/protocol/src/*.cpp \
  -o "$build_dir/protocol_fuzz"

# New inputs go to the build directory's corpus; the committed seeds are only read.
echo "== fuzzing for $seconds s"
exec "$build_dir/protocol_fuzz" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -detect_leaks=1 -print_final_stats=1 \
  -artifact_prefix="$build_dir/" \
  "$build_dir/corpus" "$here/corpus"
