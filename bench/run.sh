#!/usr/bin/env bash
# Builds vrm-bench in Release and runs the corpus benchmark, then the C programs; with --micro, also the
# BenchmarkDotNet micro-benchmarks. Works from any folder.
#
#   bench/run.sh                  # the herd7-referenced corpus (kernel-bench left out), kernel-bench alone, then the C runs
#   bench/run.sh --micro          # the same, then the micro-benchmarks
#   bench/run.sh --c              # only the C runs: `c` (SC/Arm/Promising times of examples/c) and `traces`
#                                 # (DPOR against brute-force Mazurkiewicz trace counts, examples/c and bench/c-dpor); about 3 minutes
#   bench/run.sh --jobs 1 --csv bench/results/j1.csv     # other arguments replace the corpus runs: `corpus ARGS`
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

micro=0
c_only=0
corpus_args=()
for a in "$@"; do
  case "$a" in
    --micro) micro=1 ;;
    --c) c_only=1 ;;
    *) corpus_args+=("$a") ;;
  esac
done

dotnet build "$here/Vrm.Bench/Vrm.Bench.csproj" -c Release -nologo -v quiet
bench="$here/Vrm.Bench/bin/Release/net10.0/vrm-bench"
corpus="$root/../shared/litmus"

run_c() {
  if ! command -v clang-14 >/dev/null; then
    echo "run.sh: clang-14 is not installed; no C runs"
    return
  fi
  "$bench" c "$root/examples/c"
  echo
  "$bench" traces "$root/examples/c"
  echo
  "$bench" traces "$here/c-dpor"
}

if [ "$c_only" = 1 ]; then
  run_c
elif [ ${#corpus_args[@]} -gt 0 ]; then
  "$bench" corpus "${corpus_args[@]}"
elif [ -d "$corpus" ]; then
  # kernel-bench is a performance corpus without herd7 outputs (herd7 times out on most of it after 120 s);
  # it is timed on its own, with a shorter per-test limit, so that it does not swamp the corpus figures.
  "$bench" corpus "$corpus" --skip kernel-bench
  echo
  "$bench" corpus "$corpus/kernel-bench" --timeout 10
else
  echo "run.sh: the litmus corpus is not at $corpus; nothing to time"
fi
if [ "$c_only" = 0 ] && [ ${#corpus_args[@]} -eq 0 ]; then
  echo
  run_c
fi
if [ "$micro" = 1 ]; then
  "$bench" micro
fi
