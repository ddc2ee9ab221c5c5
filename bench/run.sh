#!/usr/bin/env bash
# Builds vrm-bench in Release and runs the corpus benchmark; with --micro, also the BenchmarkDotNet
# micro-benchmarks. Works from any folder. Other arguments go to `corpus`, e.g.
#   bench/run.sh --jobs 1 --csv bench/results/corpus-j1.csv
#   bench/run.sh --micro
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

"$bench" corpus "${corpus_args[@]}"
if [ "$micro" = 1 ]; then
  "$bench" micro
fi
