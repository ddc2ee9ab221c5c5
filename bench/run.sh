#!/usr/bin/env bash
# Builds vrm-bench in Release and runs the corpus benchmark; with --micro, also the BenchmarkDotNet
# micro-benchmarks. Works from any folder.
#
#   bench/run.sh                  # the herd7-referenced corpus (kernel-bench left out), then kernel-bench alone
#   bench/run.sh --micro          # the same, then the micro-benchmarks
#   bench/run.sh --jobs 1 --csv bench/results/j1.csv     # other arguments replace the default runs: `corpus ARGS`
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

micro=0
corpus_args=()
for a in "$@"; do
  if [ "$a" = "--micro" ]; then micro=1; else corpus_args+=("$a"); fi
done

dotnet build "$here/Vrm.Bench/Vrm.Bench.csproj" -c Release -nologo -v quiet
bench="$here/Vrm.Bench/bin/Release/net10.0/vrm-bench"
corpus="$root/../shared/litmus"

if [ ${#corpus_args[@]} -gt 0 ]; then
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
if [ "$micro" = 1 ]; then
  "$bench" micro
fi
