#!/usr/bin/env bash
# How long `tcpswarm merge` takes for many shards: runs SHARDS real shards of one plan at once on
# this machine (each `bin/tcpswarm run --shard I/SHARDS` with its own loopback source address, all
# from one --start-at, against one `tcpswarm serve`), each holding its connections for HOLD and
# writing an interval every INTERVAL, then times `bin/tcpswarm merge` over their files (ROUNDS
# times, the whole process, JVM start included, with /usr/bin/time -v when present). Prints the
# files' sizes, each merge's wall time and peak memory, and the merged report's first lines.
# Judges nothing. Loopback only; every process ends by itself (and on exit).
#
#   bench/merge-benchmark.sh          # SHARDS=50 PER_SHARD=300 HOLD=60s INTERVAL=200ms ROUNDS=3
#   KEEP=DIR bench/merge-benchmark.sh # also copies the shard files to DIR; FILES=DIR times the merge of those
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
SHARDS=${SHARDS:-50}
PER_SHARD=${PER_SHARD:-300}
HOLD=${HOLD:-60s}
INTERVAL=${INTERVAL:-200ms}
ROUNDS=${ROUNDS:-3}
LEAD_SECONDS=${LEAD_SECONDS:-$((SHARDS + 10))}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

"$top/bin/tcpswarm" --version >/dev/null # builds the jar when needed
# SHARDS shards of one plan at once, from one --start-at, against one `tcpswarm serve`; their files in $work.
run_shards() {
    "$top/bin/tcpswarm" serve --port 0 -i 0 >"$work/serve.out" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
        grep -q listening "$work/serve.out" 2>/dev/null && break
        sleep 0.2
    done
    local port
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out")
    [[ -n $port ]] || { echo "serve did not start: $(cat "$work/serve.out")" >&2; exit 1; }
    local connections=$((SHARDS * PER_SHARD))
    local start_at
    start_at=$(date -u -d "+${LEAD_SECONDS} seconds" +%Y-%m-%dT%H:%M:%SZ)
    echo "running $SHARDS shards of $connections connections to 127.0.0.1:$port from $start_at, hold $HOLD, -i $INTERVAL ..." >&2
    local -a shard_pids=()
    for ((i = 0; i < SHARDS; i++)); do
        "$top/bin/tcpswarm" run 127.0.0.1 "$port" -c "$connections" --rate "$connections" --hold "$HOLD" \
            --source "127.0.0.1-127.0.0.$SHARDS" --shard "$i/$SHARDS" --start-at "$start_at" -y -i "$INTERVAL" \
            --plain --json "$work/shard-$i.json" --hdr-log "$work/shard-$i.hlog" >"$work/shard-$i.out" 2>&1 &
        shard_pids+=($!)
        pids+=($!)
    done
    for pid in "${shard_pids[@]}"; do
        wait "$pid" || true
    done
}

if [[ -n ${FILES:-} ]]; then
    cp "$FILES"/shard-*.json "$FILES"/shard-*.hlog "$work"/
else
    run_shards
    if [[ -n ${KEEP:-} ]]; then
        mkdir -p "$KEEP"
        cp "$work"/shard-*.json "$work"/shard-*.hlog "$KEEP"/
    fi
fi

echo "== shard files: $(ls "$work"/shard-*.json | wc -l) results, $(ls "$work"/shard-*.hlog | wc -l) logs"
echo "   JSON: $(du -cb "$work"/shard-*.json | tail -1 | cut -f1) bytes, HDR logs: $(du -cb "$work"/shard-*.hlog | tail -1 | cut -f1) bytes, intervals per log: $(grep -c '^#tcpswarm-interval' "$work/shard-0.hlog")"
for ((r = 1; r <= ROUNDS; r++)); do
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -v "$top/bin/tcpswarm" merge "$work"/shard-*.json "$work"/shard-*.hlog --csv "$work/merged.csv" \
            >"$work/merged.txt" 2>"$work/time.txt" || true
        wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
        cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/time.txt")
        echo "merge round $r: wall $wall, CPU ${cpu} s, peak RSS $((rss / 1024)) MB"
    else
        start=$(date +%s.%N)
        "$top/bin/tcpswarm" merge "$work"/shard-*.json "$work"/shard-*.hlog --csv "$work/merged.csv" >"$work/merged.txt" || true
        echo "merge round $r: wall $(echo "$(date +%s.%N) - $start" | bc) s"
    fi
done
echo "== the merged report (first lines); $(($(wc -l <"$work/merged.csv") - 1)) merged intervals"
head -8 "$work/merged.txt"
grep '^Shards merged' "$work/merged.txt"
