#!/usr/bin/env bash
# Monitor benchmark (not a test): 1,000 services on loopback, probed every second, against the
# built-in server. Prints, for the monitor process in its steady state (after a warm-up):
#   CPU as % of one core, peak RSS, and how late probes started against their plan (p99).
# Then, with gcc, the same rate of bare probes from bench/probe-floor.c (connect, FIN, read the
# server's FIN, close; no Java): the kernel's share, the floor under any prober on this machine.
# Usage: bench/monitor-benchmark.sh            (about two minutes)
# Environment: SERVICES (1000), INTERVAL (1s), WARMUP_S (15), MEASURE_S (60), FLOOR_S (20; 0 skips
# the floor), JAVA_OPTS (to the JVM).
# It installs nothing and judges nothing; the table goes to stdout, what it does to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${SERVICES:-1000}
INTERVAL=${INTERVAL:-1s}
WARMUP_S=${WARMUP_S:-15}
MEASURE_S=${MEASURE_S:-60}
FLOOR_S=${FLOOR_S:-20}

work=$(mktemp -d "${TMPDIR:-/tmp}/tcpswarm-monitor-bench.XXXXXX")
server_pid=""
monitor_pid=""
cleanup() {
    [ -n "$monitor_pid" ] && kill "$monitor_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

log() { echo "monitor-benchmark: $*" >&2; }

log "building if needed, starting the built-in server (hold) on a free loopback port"
bin/tcpswarm serve --port 0 -i 0 >"$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
    grep -q '^listening on' "$work/serve.out" 2>/dev/null && break
    sleep 0.1
done
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out")
[ -n "$port" ] || { cat "$work/serve.out" >&2; log "the server did not start"; exit 1; }

{
    echo "defaults: {interval: $INTERVAL, timeout: 1s}"
    echo "services:"
    for i in $(seq 1 "$SERVICES"); do
        printf '  - {name: svc-%04d, address: "127.0.0.1:%s"}\n' "$i" "$port"
    done
    echo "metrics: {listen: \"127.0.0.1:0\"}"
    echo "logging: {summary_every: 1h}"
} >"$work/monitor.yaml"

log "monitoring $SERVICES services every $INTERVAL: ${WARMUP_S}s warm-up, then ${MEASURE_S}s measured"
bin/tcpswarm monitor "$work/monitor.yaml" >"$work/monitor.out" 2>"$work/monitor.err" &
monitor_pid=$!   # the launcher execs the JVM: this is the JVM's pid
for _ in $(seq 1 600); do
    grep -q '^monitoring' "$work/monitor.out" 2>/dev/null && break
    sleep 0.1
done
metrics=$(sed -n 's/.*metrics on \(http:[^ ;]*\).*/\1/p' "$work/monitor.out")
[ -n "$metrics" ] || { cat "$work/monitor.out" "$work/monitor.err" >&2; log "the monitor did not start"; exit 1; }

ticks() { awk '{print $14 + $15}' "/proc/$monitor_pid/stat"; }
lag_buckets() { curl -s "$metrics" | grep '^tcpswarm_monitor_probe_start_lag_seconds_bucket' | sed 's/.*le="\([^"]*\)"} \(.*\)/\1 \2/'; }

sleep "$WARMUP_S"
t0=$(date +%s.%N); c0=$(ticks); lag_buckets >"$work/lag0"
sleep "$MEASURE_S"
t1=$(date +%s.%N); c1=$(ticks); lag_buckets >"$work/lag1"
hz=$(getconf CLK_TCK)
peak_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$monitor_pid/status")
kill -TERM "$monitor_pid"   # (a background job ignores SIGINT)
wait "$monitor_pid" || true
monitor_pid=""

cpu=$(awk -v a="$c0" -v b="$c1" -v s="$t0" -v e="$t1" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz / (e - s) * 100}')
# steady-state lag from the metrics' cumulative buckets: the delta over the measured stretch
read -r probes within1 within5 p99 < <(paste -d' ' "$work/lag0" "$work/lag1" | awk '
    { le[NR] = $1; n[NR] = $4 - $2 }
    END {
        total = n[NR]
        for (i = 1; i <= NR; i++) {
            if (le[i] + 0 == 0.001) w1 = n[i]
            if (le[i] + 0 == 0.005) w5 = n[i]
            if (p99 == "" && total > 0 && n[i] >= 0.99 * total) p99 = le[i]
        }
        printf "%d %.3f %.3f %s\n", total, 100 * w1 / total, 100 * w5 / total, p99
    }')
whole=$(grep '^probe start lag vs plan' "$work/monitor.out" || echo "probe start lag vs plan: n/a")

floor="n/a (no gcc, or FLOOR_S=0)"
if [ "$FLOOR_S" -gt 0 ] && command -v gcc >/dev/null 2>&1 \
        && gcc -O2 -o "$work/probe-floor" bench/probe-floor.c; then
    rate=$(awk -v n="$SERVICES" -v i="$INTERVAL" 'BEGIN {
        v = i + 0; u = i; sub(/^[0-9.]+/, "", u)
        s = (u == "ms") ? v / 1000 : (u == "m") ? v * 60 : v
        printf "%d", n / s }')
    log "the floor: $rate bare probes a second for ${FLOOR_S}s (bench/probe-floor.c)"
    /usr/bin/time -f "%U %S %e" -o "$work/floor.time" "$work/probe-floor" "$port" "$rate" "$FLOOR_S"
    floor=$(awk '{printf "%.2f%% of one core", ($1 + $2) / $3 * 100}' "$work/floor.time")
fi

echo "| services | interval | probes measured | CPU (% of one core) | peak RSS (MB) | started within 1 ms | within 5 ms | p99 start lag |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '| %s | %s | %s | %s | %d | %s%% | %s%% | <= %s s |\n' "$SERVICES" "$INTERVAL" "$probes" "$cpu" \
    $((peak_kb / 1024)) "$within1" "$within5" "$p99"
echo
echo "whole run, warm-up included: ${whole#probe start lag vs plan: }"
echo "the same probes from a bare C loop (the kernel's share): $floor"
log "done (Java $(java -version 2>&1 | head -1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
