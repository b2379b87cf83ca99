#!/usr/bin/env bash
# tcpswarm's benchmark: a fixed set of loopback scenarios against a neutral C server (sink.c, the
# same target the peers were measured against), each with a fresh server, each bounded in time.
# It prints one markdown table on stdout (what it says about the run goes to stderr) and judges
# nothing: the numbers are for a person to read, and to compare between machines and versions.
#
#   bench/run-benchmark.sh
#
# Environment:
#   SINK_SRC          sink.c to compile (default: ../shared/bench/sink.c next to the project); when it
#                     or gcc is missing, the built-in server ('tcpswarm serve') is used instead
#   SCENARIO_TIMEOUT  seconds one scenario may take before it is killed (default: 120)
#   SOURCES           source addresses for the large scenarios (default: 127.0.0.1-127.0.0.4)
#   JAVA_OPTS         passed to bin/tcpswarm, which appends it to its own JVM flags
#
# tcpswarm runs through bin/tcpswarm (so the launcher's JVM flags and open-files limit apply) under
# /usr/bin/time -v for wall time, CPU (user + sys) and peak RSS; without /usr/bin/time, bash's own
# 'time' gives wall and CPU, and the peak RSS comes from the report's 'Peak memory' line.
# Needs: bash, coreutils (timeout, mktemp), awk, sed; gcc for the sink; Maven if the jar is not built.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
launcher="$top/bin/tcpswarm"
SINK_SRC=${SINK_SRC:-$top/../shared/bench/sink.c}
SCENARIO_TIMEOUT=${SCENARIO_TIMEOUT:-120}
SOURCES=${SOURCES:-127.0.0.1-127.0.0.4}

work=$(mktemp -d "${TMPDIR:-/tmp}/tcpswarm-bench.XXXXXX")
server_pid=""

say() {
    echo "bench: $*" >&2
}

stop_server_quietly() {
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}

cleanup() {
    stop_server_quietly
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Every connection is a file descriptor, on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

command -v timeout >/dev/null 2>&1 || { say "needs 'timeout' (coreutils)"; exit 69; }

# --- the server -----------------------------------------------------------------------------
if [ -f "$SINK_SRC" ] && command -v gcc >/dev/null 2>&1 && gcc -O2 -o "$work/sink" "$SINK_SRC"; then
    server_kind=sink
    say "server: sink.c ($SINK_SRC), compiled with gcc -O2"
else
    server_kind=serve
    say "server: no sink.c at $SINK_SRC (or no gcc, or it did not compile): using 'tcpswarm serve' instead;"
    say "        it reports no accept span, so 'server accept span' is n/a and connections/s comes from"
    say "        tcpswarm's own dial span (the report's 'Connect rate' line)"
fi

# --- the jar ------------------------------------------------------------------------------
# bin/tcpswarm builds the jar when it is missing or stale (and its class-data archive): one untimed
# call first, so no scenario pays for a build.
"$launcher" --version >/dev/null || { say "bin/tcpswarm could not build or start tcpswarm"; exit 70; }

if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
    timer=gnu
else
    timer=bash
    say "no GNU /usr/bin/time: wall and CPU from bash's time, peak RSS from the report's 'Peak memory' line"
fi

read -r port_low port_high < /proc/sys/net/ipv4/ip_local_port_range

# A port outside the ephemeral range, so no client connection can be holding it.
pick_port() {
    if [ "$port_low" -gt 11024 ]; then
        echo $(( 10000 + RANDOM % (port_low - 10000) ))
    else
        echo $(( port_high + 1 + RANDOM % (65535 - port_high) ))
    fi
}

server_port=""
start_server() {
    local attempt i
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        server_port=$(pick_port)
        : > "$work/server.out"
        if [ "$server_kind" = sink ]; then
            "$work/sink" "$server_port" hold 127.0.0.1 > "$work/server.out" 2> "$work/server.err" &
        else
            "$launcher" serve --port "$server_port" --bind 127.0.0.1 -i 0 > "$work/server.out" 2> "$work/server.err" &
        fi
        server_pid=$!
        for ((i = 0; i < 200; i++)); do # up to 20 s
            if grep -q -e '^ready ' -e '^listening on ' "$work/server.out"; then
                return 0
            fi
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        stop_server_quietly # the port was taken, most likely: another one
    done
    say "could not start the server: $(cat "$work/server.err")"
    exit 1
}

# Stops the server with SIGTERM and reads its final line into server_accepted and server_span.
stop_server() {
    local i line
    kill -TERM "$server_pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do # up to 15 s
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    line=$(tail -n 1 "$work/server.out")
    server_accepted=""
    server_span=""
    case "$line" in
        "accepted "*) # sink: accepted N peak_open P accept_span_s S
            server_accepted=$(echo "$line" | awk '{print $2}')
            server_span=$(echo "$line" | awk '{print $6}')
            ;;
        "accepted: "*) # tcpswarm serve: accepted: N, open: O, peak: P, rejected: R
            server_accepted=$(echo "$line" | sed 's/^accepted: \([0-9]*\),.*/\1/')
            ;;
    esac
}

# From tcpswarm's human report (the run is measured as users run it, without a JSON writer):
# the dial span from 'Connect rate: R connections/s (N established in S s)', and the peak RSS in KB
# from 'Peak memory: M MB'; empty when absent.
report_dial_span() {
    sed -n 's/^Connect rate: .* established in \([0-9.]*\) s)$/\1/p' "$1" | head -n 1
}
report_peak_rss_kb() {
    sed -n 's/^Peak memory: \([0-9.]*\) MB$/\1/p' "$1" | head -n 1 | awk '{ printf "%d", $1 * 1024 }'
}

# Runs one scenario: a fresh server, tcpswarm with the given arguments, the server stopped; sets
# the row's measurements.
run_scenario() {
    local name=$1
    shift
    local rc
    say "scenario: $name: tcpswarm run 127.0.0.1 PORT $*"
    start_server
    rm -f "$work/time.txt"
    if [ "$timer" = gnu ]; then
        if timeout -k 5 "$SCENARIO_TIMEOUT" /usr/bin/time -v -o "$work/time.txt" \
                "$launcher" run 127.0.0.1 "$server_port" -y -i 0 "$@" \
                > "$work/run.out" 2> "$work/run.err"; then rc=0; else rc=$?; fi
    else
        local TIMEFORMAT='%R %U %S'
        if { time timeout -k 5 "$SCENARIO_TIMEOUT" \
                "$launcher" run 127.0.0.1 "$server_port" -y -i 0 "$@" \
                > "$work/run.out" 2> "$work/run.err"; } 2> "$work/time.txt"; then rc=0; else rc=$?; fi
    fi
    stop_server

    wall=""; cpu=""; rss_kb=""; dial_span=""
    if [ "$timer" = gnu ] && [ -s "$work/time.txt" ]; then
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
                n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
        cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$work/time.txt")
        rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    elif [ -s "$work/time.txt" ]; then
        wall=$(tail -n 1 "$work/time.txt" | awk '{print $1}')
        cpu=$(tail -n 1 "$work/time.txt" | awk '{printf "%.2f", $2 + $3}')
    fi
    dial_span=$(report_dial_span "$work/run.out")
    if [ -z "$rss_kb" ]; then
        rss_kb=$(report_peak_rss_kb "$work/run.out")
    fi
    status=""
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        status=" (timed out after ${SCENARIO_TIMEOUT} s)"
    elif [ "$rc" -ne 0 ]; then
        status=" (exit $rc)"
    fi
}

# --- the table ------------------------------------------------------------------------------
rows=()
# printf's format applied to a value, or a dash when there is none.
fmt() {
    if [ -n "$2" ]; then printf -- "$1" "$2"; else printf -- "-"; fi
}
# One row from the last scenario's measurements; $2: memory per held connection, $3: pacing error.
add_row() {
    local rate="" span_text rss_mb=""
    local span=$server_span
    if [ "$server_kind" = serve ]; then
        span=$dial_span # the fallback server says no accept span: tcpswarm's dial span stands in
        span_text="n/a"
    else
        span_text=$(fmt "%.3f" "$server_span")
    fi
    if [ -n "$span" ] && [ -n "$server_accepted" ] && [ "$server_accepted" -ge 2 ]; then # a rate needs two
        rate=$(awk -v a="$server_accepted" -v s="$span" 'BEGIN { if (s > 0) printf "%.0f", a / s }')
    fi
    if [ -n "$rss_kb" ]; then
        rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
    fi
    rows+=("| $1$status | $(fmt "%s" "$server_accepted") | $span_text | $(fmt "%s" "$rate") \
| $(fmt "%.2f" "$wall") | $(fmt "%s" "$cpu") | $(fmt "%s" "$rss_mb") | ${2:--} | ${3:--} |")
}

run_scenario "1k, -s 0" -c 1000 -s 0
add_row "1,000 at full speed (-s 0)"

run_scenario "10k, -s 0, sources" -c 10000 -s 0 --source "$SOURCES"
add_row "10,000 at full speed, --source $SOURCES"

run_scenario "15k, -s 0, sources" -c 15000 -s 0 --source "$SOURCES"
add_row "15,000 at full speed, --source $SOURCES"

run_scenario "4k at 2000/s" -c 4000 --rate 2000
pacing=""
if [ -n "$dial_span" ]; then
    # planned: the last of 4,000 starts comes 3,999 intervals of 0.5 ms after the first
    pacing=$(awk -v d="$dial_span" 'BEGIN { p = 3999 / 2000; e = (d - p) / p; if (e < 0) e = -e;
        printf "%.2f%%", e * 100 }')
    say "4,000 at --rate 2000: dial span $dial_span s, planned $(awk 'BEGIN { print 3999 / 2000 }') s"
fi
add_row "4,000 at --rate 2000" "" "$pacing"

run_scenario "hold 1k" -c 1000 -s 0 --hold 2s
rss_hold_small=$rss_kb
add_row "hold 1,000 (--hold 2s)"

run_scenario "hold 15k, sources" -c 15000 -s 0 --hold 2s --source "$SOURCES"
per_held=""
if [ -n "$rss_kb" ] && [ -n "$rss_hold_small" ]; then
    per_held=$(awk -v big="$rss_kb" -v small="$rss_hold_small" 'BEGIN { printf "%.2f", (big - small) / 14000 }')
    say "hold 15,000 vs hold 1,000: peak RSS $rss_kb KB vs $rss_hold_small KB"
fi
add_row "hold 15,000 (--hold 2s), --source $SOURCES" "$per_held"

run_scenario "-c 1" -c 1 -s 0
add_row "-c 1, the whole process"

say "$(nproc) cores, Linux $(uname -r), $(java -version 2>&1 | head -n 1); server: $server_kind;" \
    "JAVA_OPTS='${JAVA_OPTS:-}'"
echo "| scenario | accepted by server | server accept span (s) | connections/s (accepted/span) | wall (s) \
| CPU (s, user+sys) | peak RSS (MB) | memory per held connection (KB) | pacing error |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
    echo "$row"
done
