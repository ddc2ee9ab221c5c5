#!/usr/bin/env bash
# The PLDI 2019 kernel benchmarks under Promising: one `vrm litmus --model promising --json` process per
# file, one after another, as bench/README.md reports them. Usage: bench/kernel-promising.sh [TIMEOUT_S]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
timeout="${1:-120}"
# The native build: .NET start-up (about 0.2 s) would dominate the small files.
native="$root/bin/native"
dotnet publish "$root/src/Vrm.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$native" -nologo -v quiet >/dev/null
vrm="$native/vrm"
kb="$root/../shared/litmus/kernel-bench"
echo "| test | states | memories | vrm Promising s | completion |"
echo "|---|---:|---:|---:|---|"
find "$kb" -name '*.litmus' | sort | while read -r f; do
  rel="${f#"$kb"/}"; rel="${rel#herd-parsable/}"; rel="${rel#rmem-only/}"; rel="${rel%.litmus}"
  start=$(date +%s.%N)
  out=$("$vrm" litmus --model promising --timeout "$timeout" --json "$f" 2>/dev/null || true)
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc)
  if [ -z "$out" ]; then printf '| %s | | | %.2f | unsupported |\n' "$rel" "$secs"; continue; fi
  printf '%s' "$out" | python3 -c '
import json, sys
rel, secs = sys.argv[1], float(sys.argv[2])
d = json.load(sys.stdin)[0]
r = d.get("promising") or {}
done = "complete" if r.get("complete") else (r.get("incomplete") or "incomplete")
states, memories = len(r.get("states", [])), r.get("candidates", "")
status = done if r else d.get("error", "error")
print("| %s | %s | %s | %.2f | %s |" % (rel, states, memories, secs, status))
' "$rel" "$secs"
done
