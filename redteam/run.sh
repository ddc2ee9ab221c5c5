#!/bin/bash
# usage: run.sh file.c [extra args]  -> prints verdict per model
f=$1; shift
out=""
for m in sc promising arm; do
  r=$(timeout 150 dotnet /work/wt-rt3/src/Vrm.Cli/bin/Release/net10.0/vrm.dll check "$f" --model $m --timeout 60 "$@" 2>&1)
  rc=$?
  v=$(echo "$r" | grep -E '^(Verdict|Incomplete)' | head -1 | sed 's/Verdict: //')
  [ -z "$v" ] && v=$(echo "$r" | tail -1 | cut -c1-60)
  out="$out | $m:$rc $v"
done
echo "$(basename $f)$out"
