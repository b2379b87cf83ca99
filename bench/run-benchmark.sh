#!/usr/bin/env bash
# tcpswarm's benchmark: tcpswarm measured against the least a dialer can do, a bare C loop of
# blocking connects (bench/connect-loop.c), and against tcpgoon and tcpkali when their binaries are
# given, all in one run, with the rounds interleaved (round 1 of every tool, then round 2, ...), so
# a machine that speeds up or slows down during the run affects every tool alike. Every
# measurement has a fresh neutral server (bench/sink.c, hold mode) that counts for itself.
#
#   bench/run-benchmark.sh            # 6-7 minutes; the tables on stdout, progress on stderr
#   SECTIONS=messages bench/run-benchmark.sh   # only the traffic rows (about 2 minutes)
#   SECTIONS=tls bench/run-benchmark.sh        # only the TLS rows (about 1 minute)
#   BASELINE=/tmp/tcpswarm-main bench/run-benchmark.sh   # each plain tcpswarm row also with that checkout
#
# The TLS rows ("tls") go against one TLS server on loopback, Debian's nginx with ssl (a private
# config, an ECDSA P-256 certificate made by openssl for the run, no session cache and no tickets,
# so every handshake is a full one; TLS_SERVER_WORKERS worker processes): the full handshakes per
# second and the CPU per handshake of `run --tls --insecure -c 5000 -s 0`, for each TLS provider
# (--tls-provider jdk and openssl, BoringSSL), against the yardstick `openssl s_time -new` with as
# many processes as tcpswarm has event loops (one per core), for the same time (tcpswarm's wall
# time, rounded up to whole seconds), against the same server in the same round; and the memory
# per held TLS connection (peak RSS of 1,000 against 5,000 held, --hold 2s), beside plain TCP's.
#
# BASELINE names another tcpswarm checkout (its bin/tcpswarm, its jar built): every plain tcpswarm
# measurement of the "connect" section is made with it as well, right after, against a fresh sink,
# and a table sets the two side by side (e.g. today's main against this tree).
#
# The traffic rows ("messages") put 1,000 connections on one echo sink (bench/sink.c -m echo),
# each sending a 64-byte message at 10/s and at 100/s for 10 s, tcpswarm (--message, --expect)
# against tcpkali (-m, -r, --latency-marker): the rate achieved against the rate asked as the sink
# counted it, the response latency p50/p99 as each tool reports it and the arrival lag as the sink
# saw it, CPU per message and peak RSS; then the highest rate per connection each holds with 1,000
# connections (the sink's count within 1% of the rate asked, the arrival lag p99 under 100 ms).
#
# It prints figures and ratios and judges nothing: compare ratios, not seconds, because the same
# kind of machine can be twice as fast at system calls one day as on another.
#
# Environment:
#   TCPGOON=/path/to/tcpgoon   add tcpgoon's rows
#   TCPKALI=/path/to/tcpkali   add tcpkali's rows; TCPKALI=build builds it first with
#                              bench/build-tcpkali.sh (a clone in /tmp, never in this repository;
#                              needs Debian's autoconf automake libtool bison flex)
#   ROUNDS                     rounds of the quick scenarios (default 3)
#   WALL_ROUNDS                rounds of "15,000 from one address" (default 5)
#   SOURCES                    source addresses for the spread scenarios (default 127.0.0.1-127.0.0.4)
#   TCPSWARM_ARGS              extra arguments for every tcpswarm run (e.g. "--transport nio")
#   JAVA_OPTS                  passed to bin/tcpswarm, which appends it to its own JVM flags
#   SCENARIO_TIMEOUT           seconds one measurement may take before it is killed (default 60)
#   SECTIONS                   which parts to run: "connect messages" (default), or one of them
#   MESSAGE_CONNECTIONS        connections of the traffic rows (default 1000)
#   MESSAGE_SECONDS            how long each traffic row sends (default 10)
#   LIMIT_RATES                rates per connection the limit search tries, in order (default
#                              "200 500 1000 2000 5000"); each for LIMIT_SECONDS (default 5)
#   BASELINE                   another tcpswarm checkout to compare the plain rows against
#   TLS_CONNECTIONS            handshakes of a TLS rate row (default 5000)
#   TLS_ROUNDS                 rounds of the TLS rate rows (default ROUNDS)
#   TLS_SERVER_WORKERS         nginx worker processes (default: the number of cores)
#   NGINX                      the nginx binary (default /usr/sbin/nginx)
#
# Each measurement runs under /usr/bin/time (wall, CPU = user + sys, peak RSS of the process and
# its children) and 'timeout'. The server's line gives accepted connections, the most open at once
# and the accept span (first accept to last); the accept rate is accepted / span. For paced runs the
# server also writes each accept's time, from which the schedule lag is computed as the server saw
# it (see lag_from_accepts below).
# Needs: bash, gcc, GNU time (/usr/bin/time), coreutils (timeout, sort), awk, sed, and Maven if
# tcpswarm's jar is not built yet; for the TLS rows nginx and openssl (Debian: nginx, openssl). It
# installs nothing and leaves nothing behind.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
launcher="$top/bin/tcpswarm"
ROUNDS=${ROUNDS:-3}
WALL_ROUNDS=${WALL_ROUNDS:-5}
SOURCES=${SOURCES:-127.0.0.1-127.0.0.4}
SCENARIO_TIMEOUT=${SCENARIO_TIMEOUT:-60}
TCPSWARM_ARGS=${TCPSWARM_ARGS:-}
TCPGOON=${TCPGOON:-}
TCPKALI=${TCPKALI:-}
SECTIONS=${SECTIONS:-connect messages tls}
BASELINE=${BASELINE:-}
TLS_CONNECTIONS=${TLS_CONNECTIONS:-5000}
TLS_ROUNDS=${TLS_ROUNDS:-$ROUNDS}
TLS_SERVER_WORKERS=${TLS_SERVER_WORKERS:-$(nproc)}
NGINX=${NGINX:-/usr/sbin/nginx}
MESSAGE_CONNECTIONS=${MESSAGE_CONNECTIONS:-1000}
MESSAGE_SECONDS=${MESSAGE_SECONDS:-10}
LIMIT_RATES=${LIMIT_RATES:-200 500 1000 2000 5000}
LIMIT_SECONDS=${LIMIT_SECONDS:-5}

if [ "$TCPKALI" = build ]; then
    TCPKALI=$("$top/bench/build-tcpkali.sh")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tcpswarm-bench.XXXXXX")
sink_pid=""
nginx_pid=""

say() {
    echo "bench: $*" >&2
}

stop_sink_quietly() {
    if [ -n "$sink_pid" ]; then
        kill -TERM "$sink_pid" 2>/dev/null || true
        wait "$sink_pid" 2>/dev/null || true
        sink_pid=""
    fi
}

cleanup() {
    stop_sink_quietly
    if [ -n "$nginx_pid" ]; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Every connection is a file descriptor, on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

for tool in gcc timeout awk sort; do
    command -v "$tool" >/dev/null 2>&1 || { say "needs '$tool'"; exit 69; }
done
/usr/bin/time -f %e true >/dev/null 2>&1 || { say "needs GNU time at /usr/bin/time (Debian: apt-get install time)"; exit 69; }
for peer in "$TCPGOON" "$TCPKALI"; do
    if [ -n "$peer" ] && [ ! -x "$peer" ]; then
        say "$peer is not an executable file"
        exit 64
    fi
done

case " $SECTIONS " in *" tls "*)
    for tool in "$NGINX" openssl; do
        command -v "$tool" >/dev/null 2>&1 || { say "the TLS rows need '$tool' (Debian: apt-get install nginx openssl)"; exit 69; }
    done ;;
esac
gcc -O2 -o "$work/sink" "$top/bench/sink.c"
gcc -O2 -o "$work/connect-loop" "$top/bench/connect-loop.c"
# bin/tcpswarm builds the jar when it is missing or stale: one untimed call first.
"$launcher" --version >/dev/null || { say "bin/tcpswarm could not build or start tcpswarm"; exit 70; }
if [ -n "$BASELINE" ]; then
    "$BASELINE/bin/tcpswarm" --version >/dev/null || { say "$BASELINE/bin/tcpswarm could not build or start"; exit 70; }
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

port=""
sink_args=()
start_sink() {
    local attempt i
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        port=$(pick_port)
        "$work/sink" -p "$port" -t "$work/accepts" "${sink_args[@]}" > "$work/sink.out" 2> "$work/sink.err" &
        sink_pid=$!
        for ((i = 0; i < 100; i++)); do # up to 5 s
            if grep -q '^ready ' "$work/sink.out"; then
                return 0
            fi
            kill -0 "$sink_pid" 2>/dev/null || break
            sleep 0.05
        done
        stop_sink_quietly # the port was taken, most likely: another one
    done
    say "could not start the sink: $(cat "$work/sink.err")"
    exit 70
}

# Stops the sink and reads its last line: accepted N peak_open P accept_span_s S.
stop_sink() {
    kill -TERM "$sink_pid" 2>/dev/null || true
    wait "$sink_pid" 2>/dev/null || true
    sink_pid=""
    read -r _ accepted _ peak _ span _ <  <(tail -n 1 "$work/sink.out") || true
}

# The server's view of a paced run: the i-th accept is due i/RATE seconds after the schedule's
# start. The start is placed where no accept is early (the smallest accept_i - i/RATE), so the lag
# of accept i is how far it came after its due time. Accepts due in the first SKIP_S seconds are
# left out (start-up). Prints "late N of M p99_ms X max_ms Y" (late: more than 1 ms behind).
lag_from_accepts() { # FILE RATE SKIP_S
    awk -v rate="$2" -v skip="$3" '
        { t[NR - 1] = $1 }
        END {
            step = 1e9 / rate
            for (i = 0; i < NR; i++) { off = t[i] - i * step; if (i == 0 || off < base) base = off }
            for (i = int(skip * rate); i < NR; i++) print t[i] - i * step - base
        }' "$1" | sort -g | awk '
        { lag[NR] = $1; if ($1 > 1e6) late++ }
        END {
            if (NR == 0) { print "late 0 of 0 p99_ms - max_ms -"; exit }
            k = int(NR * 0.99); if (k < NR * 0.99) k++; if (k < 1) k = 1
            printf "late %d of %d p99_ms %.3f max_ms %.3f\n", late, NR, lag[k] / 1e6, lag[NR] / 1e6
        }'
}

# The kernel's count of SYNs dropped because a listener's accept queue was full (machine-wide).
# A dropped SYN is sent again after a second, which says nothing about the dialer: such rounds are
# marked in the log.
listen_drops() {
    awk '/^TcpExt:/ { if (!names) { for (i = 1; i <= NF; i++) name[i] = $i; names = 1 }
        else for (i = 1; i <= NF; i++) if (name[i] == "ListenDrops") print $i }' /proc/net/netstat
}

# One measurement: a fresh sink, COMMAND (PORT in its arguments stands for the sink's port) under
# time and timeout, the sink stopped. Appends one record to $work/records:
#   key accepted peak span wall cpu rss_kb exit listen_drops
# and leaves the command's stdout in $work/out.
measure() { # KEY COMMAND...
    local key=$1 rc args=() a
    shift
    start_sink
    for a in "$@"; do
        args+=("${a//PORT/$port}")
    done
    say "$key: ${args[*]}"
    local drops_before
    drops_before=$(listen_drops)
    if timeout -k 5 "$SCENARIO_TIMEOUT" /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${args[@]}" \
            < /dev/null > "$work/out" 2> "$work/err"; then rc=0; else rc=$?; fi
    stop_sink
    local drops=$(( $(listen_drops) - drops_before ))
    if [ "$drops" -gt 0 ]; then
        say "  $drops SYNs dropped at a full accept queue during this measurement (machine-wide): a busy machine"
    fi
    local wall cpu rss
    read -r wall cpu rss < <(tail -n 1 "$work/time" | awk 'NF == 4 { printf "%s %.2f %s\n", $1, $2 + $3, $4 }') \
        || { wall=-; cpu=-; rss=-; }
    if [ "$rc" -ne 0 ]; then
        say "  exit $rc: $(tail -n 2 "$work/err" | tr '\n' ' ')"
    fi
    echo "$key ${accepted:--} ${peak:--} ${span:--} $wall $cpu $rss $rc $drops" >> "$work/records"
}

# tcpswarm's own figures from its report: attempts (Total - NotInitiated) and, for paced runs,
# "late L lag_p99 P lag_max M". Appended to $work/tcpswarm-records with the key.
note_tcpswarm() { # KEY
    awk -v key="$1" '
        /^Total: / { gsub(",", ""); attempts = $2 - $12 }
        /^Late starts/ { late = $8; p99 = $14; max = $17 }
        END { printf "%s attempts %s late %s lag_p99_ms %s lag_max_ms %s\n", key, attempts == "" ? "-" : attempts,
              late == "" ? "-" : late, p99 == "" ? "-" : p99, max == "" ? "-" : max }' "$work/out" >> "$work/tcpswarm-records"
}

# tcpswarm against the sink (and the baseline's, under KEY@base); with pace_rate set, the server's
# view of each run's schedule at that rate too (paced).
swarm() { # KEY ARGS...
    local key=$1
    shift
    # shellcheck disable=SC2086
    measure "$key" "$launcher" run 127.0.0.1 PORT -y -i 0 $TCPSWARM_ARGS "$@"
    note_tcpswarm "$key"
    [ -z "${pace_rate:-}" ] || paced "$key" "$pace_rate"
    if [ -n "$BASELINE" ]; then
        # shellcheck disable=SC2086
        measure "$key@base" "$BASELINE/bin/tcpswarm" run 127.0.0.1 PORT -y -i 0 $TCPSWARM_ARGS "$@"
        note_tcpswarm "$key@base"
        [ -z "${pace_rate:-}" ] || paced "$key@base" "$pace_rate"
    fi
}

loop() { # KEY ARGS...
    local key=$1
    shift
    measure "$key" "$work/connect-loop" "$@" 127.0.0.1 PORT
}

# tcpkali without --source-ip first opens one connection to find its interface: that connection
# is not counted, and the accept span is taken from the second accept on.
kali() { # KEY RATE N DURATION
    measure "$1" "$TCPKALI" --connect-rate "$2" -c "$3" -T "$4" 127.0.0.1:PORT
    local span_after_first
    span_after_first=$(awk 'NR == 2 { first = $1 } { last = $1 }
        END { if (NR > 1) printf "%.6f\n", (last - first) / 1e9; else print "-" }' "$work/accepts")
    awk -v s="$span_after_first" 'NR == FNR { n = FNR; next }
        FNR == n { if ($2 != "-") $2 = $2 - 1; $4 = s } { print }' "$work/records" "$work/records" > "$work/records.new"
    mv "$work/records.new" "$work/records"
}

paced() { # KEY RATE : the server's view of the last measurement's schedule, after the first 100 ms
    echo "$1 $(lag_from_accepts "$work/accepts" "$2" 0.1)" >> "$work/lag-records"
}

# --- traffic on held connections: one echo sink, tcpswarm against tcpkali ---------------------
# The sink's echo line: echoed_bytes B messages M message_span_s S messages_per_s R
# arrival_lag_p50_ms X arrival_lag_p99_ms Y. One record per measurement in $work/message-records:
#   key asked_per_s sink_per_s sink_lag_p50 sink_lag_p99 tool_per_s tool_p50 tool_p99 cpu rss_kb messages
message63=$(printf 'x%.0s' $(seq 63)) # and a newline: 64 bytes
message_row() { # KEY TOOL RATE SECONDS
    local key=$1 tool=$2 rate=$3 seconds=$4 n=$MESSAGE_CONNECTIONS
    sink_args=(-m echo -s 64 -r "$rate")
    if [ "$tool" = tcpswarm ]; then
        # shellcheck disable=SC2086
        measure "$key" "$launcher" run 127.0.0.1 PORT -y -i 0 -c "$n" -s 0 --hold "${seconds}s" \
            --message "${message63}\\n" --message-rate "$rate" --expect '\n' --response-timeout 10s $TCPSWARM_ARGS
    else
        measure "$key" "$TCPKALI" -c "$n" --connect-rate 20000 -T "${seconds}s" -e -m "${message63}\\n" -r "$rate" \
            --latency-marker '\n' --latency-percentiles 50,99 127.0.0.1:PORT
    fi
    sink_args=()
    local echo_line own
    echo_line=$(grep '^echoed_bytes ' "$work/sink.out" || echo "echoed_bytes - messages - message_span_s - messages_per_s - arrival_lag_p50_ms - arrival_lag_p99_ms -")
    if [ "$tool" = tcpswarm ]; then
        # Messages sent: N (R/s); the response latency's percentile line: p50 A, p90 B, p99 C, p99.9 D ms
        own=$(awk '/^Messages sent: / { gsub(/[()\/s]/, "", $4); rate = $4 }
            /^Response latency from planned send: / { want = 1; next }
            want && /p50/ { gsub(",", ""); p50 = $2; p99 = $6; want = 0 }
            END { print (rate == "" ? "-" : rate), (p50 == "" ? "-" : p50), (p99 == "" ? "-" : p99) }' "$work/out")
    else
        # Total data sent: ... (B bytes); Message latency at percentiles: A/C ms (50/99%)
        own=$(awk -v s="$seconds" '/^Total data sent:/ { sent = $0; sub(/.*\(/, "", sent); sub(/ bytes.*/, "", sent) }
            /^Message latency at percentiles:/ { split($5, p, "/"); p50 = p[1]; p99 = p[2] }
            END { print (sent == "" ? "-" : sprintf("%.1f", sent / 64 / s)), (p50 == "" ? "-" : p50), (p99 == "" ? "-" : p99) }' \
            "$work/out")
    fi
    local cpu rss
    read -r _ _ _ _ _ cpu rss _ < <(tail -n 1 "$work/records")
    echo "$echo_line" | awk -v key="$key" -v asked="$(( n * rate ))" -v own="$own" -v cpu="$cpu" -v rss="$rss" '
        { print key, asked, $8, $10, $12, own, cpu, rss, $4 }' >> "$work/message-records"
}

# Whether the last record of KEY held its rate: the sink counted at least 99% of the rate asked and
# the messages arrived with a lag p99 under 100 ms.
held_rate() { # KEY
    awk -v key="$1" '$1 == key { ok = ($3 != "-" && $3 >= 0.99 * $2 && $5 != "-" && $5 < 100) } END { exit ok ? 0 : 1 }' \
        "$work/message-records"
}

# Tries the rates in LIMIT_RATES in order, up to the first one that is not held; echoes the last held.
rate_limit() { # TOOL
    local best=- rate
    for rate in $LIMIT_RATES; do
        message_row "limit-$1-$rate" "$1" "$rate" "$LIMIT_SECONDS"
        held_rate "limit-$1-$rate" || break
        best=$rate
    done
    echo "$best"
}

# The same connections held as long with no traffic, for the CPU the messages cost: a record
# "key cpu" in $work/idle-records.
idle_row() { # KEY TOOL SECONDS
    if [ "$2" = tcpswarm ]; then
        # shellcheck disable=SC2086
        measure "$1" "$launcher" run 127.0.0.1 PORT -y -i 0 -c "$MESSAGE_CONNECTIONS" -s 0 --hold "${3}s" $TCPSWARM_ARGS
    else
        measure "$1" "$TCPKALI" -c "$MESSAGE_CONNECTIONS" --connect-rate 20000 -T "${3}s" 127.0.0.1:PORT
    fi
    echo "$1 $(tail -n 1 "$work/records" | cut -d' ' -f6)" >> "$work/idle-records"
}

run_messages() {
    say "traffic: $MESSAGE_CONNECTIONS connections on one echo sink; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    local rate
    idle_row idle-tcpswarm tcpswarm "$MESSAGE_SECONDS"
    [ -z "$TCPKALI" ] || idle_row idle-tcpkali tcpkali "$MESSAGE_SECONDS"
    for rate in 10 100; do
        message_row "msg-tcpswarm-$rate" tcpswarm "$rate" "$MESSAGE_SECONDS"
        [ -z "$TCPKALI" ] || message_row "msg-tcpkali-$rate" tcpkali "$rate" "$MESSAGE_SECONDS"
    done
    swarm_limit=$(rate_limit tcpswarm)
    kali_limit=-
    [ -z "$TCPKALI" ] || kali_limit=$(rate_limit tcpkali)
    say "traffic: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

print_messages() {
    echo
    echo "Traffic: $MESSAGE_CONNECTIONS connections on one echo sink (bench/sink.c -m echo), each sending a 64-byte" \
         "message at a rate per connection for $MESSAGE_SECONDS s; one round each:"
    echo
    echo "| tool, rate per connection | messages/s asked | achieved, as the sink counted | as the tool reports it \
| response p50 / p99, the tool's (ms) | arrival lag p50 / p99, the sink's (ms) | CPU (s) | CPU per message (µs) \
| CPU per message asked (µs) | peak RSS (MB) |"
    echo "|---|---:|---:|---:|---|---|---:|---:|---:|---:|"
    local key tool rate
    for key in msg-tcpswarm-10 msg-tcpkali-10 msg-tcpswarm-100 msg-tcpkali-100; do
        grep -q "^$key " "$work/message-records" || continue
        tool=${key#msg-}; tool=${tool%-*}; rate=${key##*-}
        idle=$(awk -v k="idle-$tool" '$1 == k { print $2 }' "$work/idle-records" 2>/dev/null)
        awk -v tool="$tool" -v rate="$rate" -v idle="${idle:--}" -v seconds="$MESSAGE_SECONDS" '$1 == "'"$key"'" {
            name = tool == "tcpswarm" ? "tcpswarm `--message-rate " rate " --expect`" : "tcpkali `-r " rate " --latency-marker`"
            pct = $3 == "-" ? "-" : sprintf("%.2f%%", 100 * $3 / $2)
            per = ($9 == "-" || $11 == "-" || $11 + 0 == 0 || idle == "-") ? "-" : sprintf("%.1f", ($9 - idle) * 1e6 / $11)
            asked = ($9 == "-" || idle == "-") ? "-" : sprintf("%.1f", ($9 - idle) * 1e6 / ($2 * seconds))
            printf "| %s | %d | %s (%s) | %s | %s / %s | %s / %s | %s | %s | %s | %.0f |\n", name, $2, $3, pct, $6, $7, $8, $4,
                $5, $9, per, asked, $10 / 1024 }' "$work/message-records"
    done
    echo
    echo "CPU per message: the run's CPU less that of the same connections held as long with no traffic" \
         "($(awk '{ printf "%s%s %s s", (NR > 1 ? ", " : ""), $1, $2 }' "$work/idle-records" 2>/dev/null)), over the" \
         "messages the sink counted; per message asked, over the messages asked (rate × $MESSAGE_SECONDS s): the two differ" \
         "for a tool that sends more than it is asked to."
    echo
    echo "The highest rate per connection held with $MESSAGE_CONNECTIONS connections (tried: $LIMIT_RATES, $LIMIT_SECONDS s" \
         "each; held: the sink counted at least 99% of the rate asked, arrival lag p99 under 100 ms):"
    echo
    echo "| tool | highest rate held (per connection) | messages/s | the first rate not held: asked, as the sink counted |"
    echo "|---|---:|---:|---|"
    local t best
    for t in tcpswarm tcpkali; do
        best=$swarm_limit
        [ "$t" = tcpswarm ] || best=$kali_limit
        [ "$t" = tcpswarm ] || [ -n "$TCPKALI" ] || continue
        echo "| $t | $best | $( [ "$best" = - ] && echo - || echo $(( best * MESSAGE_CONNECTIONS )) ) \
| $(awk -v t="$t" 'index($1, "limit-" t "-") == 1 { last = $2 " asked, " $3 " counted, lag p99 " $5 " ms" } END { print last }' \
    "$work/message-records") |"
    done
}

# Ratios and units for the tables.
ratio() { # A B: A/B as a percentage
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.0f%%\n", 100 * a / b }'
}
factor() { # A B: A/B as a factor
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f×\n", a / b }'
}
minus() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f\n", a - b }'
}
mb() {
    awk -v k="$1" 'BEGIN { if (k == "-") print "-"; else printf "%.0f\n", k / 1024 }'
}

# --- TLS handshakes: one nginx with ssl, tcpswarm (both providers) against openssl s_time -new ------
# One record per measurement in $work/tls-records:
#   key handshakes failed span_s wall cpu rss_kb exit
# (span: tcpswarm's own "established in" figure, first connect call to last handshake; for s_time,
# the wall time of its processes, which all run for the same time).
start_nginx() {
    local dir=$work/nginx attempt i
    mkdir -p "$dir/tmp"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" \
        -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
    local user=""
    [ "$(id -u)" -ne 0 ] || user="user root;"
    for attempt in 1 2 3 4 5; do
        tls_port=$(pick_port)
        cat > "$dir/nginx.conf" <<CONF
$user
daemon off;
master_process on;
worker_processes $TLS_SERVER_WORKERS;
worker_rlimit_nofile 40000;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 20000; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$tls_port ssl backlog=4096;
        ssl_certificate $dir/cert.pem;
        ssl_certificate_key $dir/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache off;
        ssl_session_tickets off;
        location / { return 204; }
    }
}
CONF
        "$NGINX" -p "$dir" -c "$dir/nginx.conf" > "$dir/stdout.log" 2>&1 &
        nginx_pid=$!
        for ((i = 0; i < 100; i++)); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null; then
                return 0
            fi
            kill -0 "$nginx_pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
        nginx_pid=""
    done
    say "could not start nginx: $(cat "$dir/stdout.log" "$dir/error.log" 2>/dev/null | tail -n 3)"
    exit 70
}

measure_tls() { # KEY COMMAND... : under time and timeout; the command's stdout in $work/out
    local key=$1 rc
    shift
    say "$key: $*"
    if timeout -k 5 "$SCENARIO_TIMEOUT" /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" \
            < /dev/null > "$work/out" 2> "$work/err"; then rc=0; else rc=$?; fi
    if [ "$rc" -ne 0 ]; then
        say "  exit $rc: $(tail -n 2 "$work/err" | tr '\n' ' ')"
    fi
    read -r tls_wall tls_cpu tls_rss < <(tail -n 1 "$work/time" | awk 'NF == 4 { printf "%s %.2f %s\n", $1, $2 + $3, $4 }') \
        || { tls_wall=-; tls_cpu=-; tls_rss=-; }
    tls_rc=$rc
}

swarm_tls() { # KEY PROVIDER ARGS...
    local key=$1 provider=$2
    shift 2
    # shellcheck disable=SC2086
    measure_tls "$key" "$launcher" run 127.0.0.1 "$tls_port" -y -i 0 --tls --insecure --tls-provider "$provider" \
        $TCPSWARM_ARGS "$@"
    # TLS handshakes: N completed, F failed; Connect rate: R connections/s (N established in S s)
    awk -v key="$key" -v wall="$tls_wall" -v cpu="$tls_cpu" -v rss="$tls_rss" -v rc="$tls_rc" '
        /^TLS handshakes: / { gsub(",", ""); done = $3; failed = $5 }
        /^Connect rate: / { gsub(/[(),]/, ""); span = $8 }
        END { print key, done == "" ? "-" : done, failed == "" ? "-" : failed, span == "" ? "-" : span, wall, cpu, rss, rc }' \
        "$work/out" >> "$work/tls-records"
}

s_time_row() { # KEY PROCESSES SECONDS
    local key=$1 n=$2 seconds=$3
    measure_tls "$key" bash -c 'for ((i = 0; i < '"$n"'; i++)); do
            openssl s_time -new -connect 127.0.0.1:'"$tls_port"' -time '"$seconds"' > "'"$work"'/s_time.$i" 2>&1 &
        done; wait'
    local done
    done=$(cat "$work"/s_time.* | awk '/connections in .* real seconds/ { n += $1 } END { print n + 0 }')
    rm -f "$work"/s_time.*
    echo "$key $done 0 $tls_wall $tls_wall $tls_cpu $tls_rss $tls_rc" >> "$work/tls-records"
}

run_tls() {
    start_nginx
    say "TLS: nginx ($TLS_SERVER_WORKERS workers) on 127.0.0.1:$tls_port; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    local r provider seconds
    for ((r = 1; r <= TLS_ROUNDS; r++)); do
        say "TLS round $r of $TLS_ROUNDS"
        for provider in jdk openssl; do
            swarm_tls "tls-$provider" "$provider" -c "$TLS_CONNECTIONS" -s 0
            swarm_tls "tls1-$provider" "$provider" -c 1 -s 0
        done
        # the yardstick for as long as tcpswarm's JDK run of this round took, in whole seconds
        seconds=$(awk '$1 == "tls-jdk" { w = $5 } END { s = int(w); if (s < w) s++; if (s < 1) s = 1; print s }' \
            "$work/tls-records")
        s_time_row s_time "$(nproc)" "$seconds"
    done
    for provider in jdk openssl; do
        swarm_tls "tlsHold1k-$provider" "$provider" -c 1000 -s 0 --hold 2s
        swarm_tls "tlsHold5k-$provider" "$provider" -c 5000 -s 0 --hold 2s
    done
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
    say "TLS: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

tls_values() { # KEY FIELD
    awk -v key="$1" -v f="$2" '$1 == key && $f != "-" { print $f }' "$work/tls-records"
}
tls_median() { # KEY FIELD [FORMAT]
    tls_values "$1" "$2" | sort -g | awk -v fmt="${3:-%.2f}" '{ v[NR] = $1 } END {
        if (NR == 0) { print "-"; exit } printf fmt "\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# handshakes per second of each round: handshakes / span
tls_rate() { # KEY
    awk -v key="$1" '$1 == key && $2 != "-" && $4 != "-" && $4 + 0 > 0 { print $2 / $4 }' "$work/tls-records" \
        | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
            printf "%.0f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
tls_rate_range() { # KEY
    awk -v key="$1" '$1 == key && $2 != "-" && $4 != "-" && $4 + 0 > 0 { print $2 / $4 }' "$work/tls-records" \
        | sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.0f-%.0f\n", v[1], v[NR]; else print "-" }'
}

print_tls() {
    local jdk_rate ssl_rate yard_rate yard_cpu
    yard_rate=$(tls_rate s_time)
    echo
    echo "TLS: full handshakes against one nginx on loopback ($TLS_SERVER_WORKERS workers, ECDSA P-256, TLS 1.3 as" \
         "negotiated, no session cache or tickets); medians of $TLS_ROUNDS rounds, the yardstick in the same rounds:"
    echo
    echo "| client | handshakes | span (s) | handshakes/s | vs s_time | CPU (s) | CPU per handshake (µs) | peak RSS (MB) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    local key label rate cpu one per hs
    for key in tls-jdk tls-openssl s_time; do
        case $key in
            tls-jdk) label="tcpswarm \`run --tls --insecure -c $TLS_CONNECTIONS -s 0\`, JDK provider"; one=$(tls_median tls1-jdk 6) ;;
            tls-openssl) label="tcpswarm, the same with \`--tls-provider openssl\` (BoringSSL)"; one=$(tls_median tls1-openssl 6) ;;
            s_time) label="\`openssl s_time -new\`, $(nproc) processes, as long as tcpswarm's JDK run"; one=0 ;;
        esac
        rate=$(tls_rate "$key")
        cpu=$(tls_median "$key" 6)
        hs=$(tls_median "$key" 2 "%.0f")
        per=$(awk -v c="$cpu" -v o="$one" -v n="$hs" 'BEGIN { if (c == "-" || o == "-" || n == "-" || n + 0 == 0) print "-";
            else printf "%.0f\n", (c - o) * 1e6 / n }')
        echo "| $label | $hs | $(tls_median "$key" 4 "%.3f") | $rate ($(tls_rate_range "$key")) | $(ratio "$rate" "$yard_rate") \
| $cpu | $per | $(mb "$(tls_median "$key" 7 "%.0f")") |"
    done
    echo
    echo "CPU per handshake: tcpswarm's run less its \`-c 1\` run (the JVM's start and exit: JDK" \
         "$(tls_median tls1-jdk 6) s, BoringSSL $(tls_median tls1-openssl 6) s), over the handshakes; s_time's whole CPU over" \
         "its handshakes. tcpswarm's span is its own (first connect call to last handshake); s_time's, its wall time." \
         "Failed handshakes: $(awk '$1 ~ /^tls-/ { n += $3 } END { print n + 0 }' "$work/tls-records")."
    jdk_rate=$(tls_rate tls-jdk)
    ssl_rate=$(tls_rate tls-openssl)
    echo
    echo "Target (at least s_time's rate with as many processes as tcpswarm has event loops):" \
         "JDK $(awk -v a="$jdk_rate" -v b="$yard_rate" 'BEGIN { if (a == "-" || b == "-") print "-"; else print (a >= b ? "met" : "missed") }')," \
         "BoringSSL $(awk -v a="$ssl_rate" -v b="$yard_rate" 'BEGIN { if (a == "-" || b == "-") print "-"; else print (a >= b ? "met" : "missed") }')."
    echo
    echo "| memory per held TLS connection, 1,000 vs 5,000, \`--hold 2s\` | peak RSS 1,000 (MB) | 5,000 (MB) | per connection (KB) |"
    echo "|---|---:|---:|---:|"
    for provider in jdk openssl; do
        local a b
        a=$(tls_median "tlsHold1k-$provider" 7 "%.0f")
        b=$(tls_median "tlsHold5k-$provider" 7 "%.0f")
        echo "| tcpswarm \`--tls\`, $provider | $(mb "$a") | $(mb "$b") \
| $(awk -v a="$b" -v b="$a" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f\n", (a - b) / 4000 }') |"
    done
    if [ -n "${per_held:-}" ]; then
        echo "| plain TCP (the memory row above: 1,000 vs 15,000) | | | $per_held |"
    fi
}

# --- the measurements, rounds interleaved ---------------------------------------------------
say "$(nproc) cores, Linux $(uname -r); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start_time=$(date +%s)
case " $SECTIONS " in *" messages "*) run_messages ;; esac
case " $SECTIONS " in *" tls "*) run_tls ;; esac
case " $SECTIONS " in *" connect "*) ;; *) ROUNDS=0; WALL_ROUNDS=0 ;; esac
for ((r = 1; r <= ROUNDS; r++)); do
    say "round $r of $ROUNDS"
    loop    loop10k    -n 10000
    swarm   swarm10k   -c 10000 -s 0
    swarm   swarm1     -c 1 -s 0
    [ -z "$TCPGOON" ] || measure goon10k "$TCPGOON" run 127.0.0.1 PORT -c 10000 -s 0 -y
    [ -z "$TCPKALI" ] || kali kali10k 20000 10000 1s
    loop    loop15kS   -n 15000 -s "$SOURCES"
    swarm   swarm15kS  -c 15000 -s 0 --source "$SOURCES"
    pace_rate=2000 swarm swarmRate -c 4000 --rate 2000 # with the server's view of its schedule
    [ -z "$TCPKALI" ] || { kali kaliRate 2000 4000 2.5s; paced kaliRate 2000; }
    swarm   swarmHold1k   -c 1000 -s 0 --hold 2s
    swarm   swarmHold15k  -c 15000 -s 0 --hold 2s --source "$SOURCES"
    [ -z "$TCPKALI" ] || { kali kaliHold1k 20000 1000 2s; kali kaliHold10k 20000 10000 2.5s; }
done
for ((r = 1; r <= WALL_ROUNDS; r++)); do
    say "15,000 from one address: round $r of $WALL_ROUNDS"
    swarm   swarmWall  -c 15000 -s 0
    loop    loopWall   -n 15000
    loop    loopWall2  -n 15000 -k 2
    loop    loopWall4  -n 15000 -k 4
    loop    loopWallP  -n 15000 -P
    [ -z "$TCPGOON" ] || measure goonWall "$TCPGOON" run 127.0.0.1 PORT -c 15000 -s 0 -y
done
say "load after: $(cut -d' ' -f1-3 /proc/loadavg); $(( $(date +%s) - start_time )) s"
if [ "$ROUNDS" -eq 0 ]; then
    echo "$(nproc) cores, Linux $(uname -r), $(java -version 2>&1 | head -n 1), JAVA_OPTS='${JAVA_OPTS:-}'," \
         "TCPSWARM_ARGS='$TCPSWARM_ARGS'; loopback; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    case " $SECTIONS " in *" messages "*) print_messages ;; esac
    case " $SECTIONS " in *" tls "*) print_tls ;; esac
    exit 0
fi

# --- the tables -----------------------------------------------------------------------------
# A record's fields: key 1, accepted 2, peak 3, span 4, wall 5, cpu 6, rss_kb 7, exit 8, listen drops 9.
values() { # KEY FIELD
    awk -v key="$1" -v f="$2" '$1 == key && $f != "-" { print $f }' "$work/records"
}
# Median (of the middle two for an even count) and range of the numbers on stdin, each printed with
# FORMAT: "median lo-hi", or "- -".
summarize() { # FORMAT
    sort -g | awk -v fmt="$1" '{ v[NR] = $1 } END {
        if (NR == 0) { print "- -"; exit }
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf fmt " " fmt "-" fmt "\n", m, v[1], v[NR] }'
}
# Format of a record's field: accept span 3 decimals, CPU 2, the rest whole numbers.
format_of() { case $1 in 4) echo "%.3f";; 6) echo "%.2f";; *) echo "%.0f";; esac; }
median() { values "$1" "$2" | summarize "$(format_of "$2")" | cut -d' ' -f1; }
spread() { values "$1" "$2" | summarize "$(format_of "$2")" | cut -d' ' -f2; }
# accepted / span of each round, connections per second
rates() { awk -v key="$1" '$1 == key && $2 != "-" && $4 != "-" && $4 + 0 > 0 { print $2 / $4 }' "$work/records"; }
rate_median() { rates "$1" | summarize "%.0f" | cut -d' ' -f1; }
rate_spread() { rates "$1" | summarize "%.0f" | cut -d' ' -f2; }
ran() { grep -q "^$1 " "$work/records"; }
# "S of N runs": tcpswarm's attempts equal to the server's accepted count, over the keys' runs.
exact() {
    local key
    for key in "$@"; do
        paste -d' ' <(awk -v k="$key" '$1 == k { print $3 }' "$work/tcpswarm-records") \
                    <(awk -v k="$key" '$1 == k { print $2 }' "$work/records")
    done | awk '{ n++; if ($1 == $2) same++; else differ = differ " " $1 " vs " $2 }
        END { printf "%d of %d runs%s\n", same, n, differ ? " (attempts vs accepted:" differ ")" : "" }'
}
# One row of a throughput table: accept rate and CPU, median (range), against the reference key.
rate_row() { # LABEL KEY REFERENCE_KEY
    ran "$2" || return 0
    local r
    r=$(rate_median "$2")
    echo "| $1 | $r ($(rate_spread "$2")) | $(ratio "$r" "$(rate_median "$3")") | $(median "$2" 6) ($(spread "$2" 6)) \
| $(mb "$(median "$2" 7)") |"
}

loop10k_cpu=$(median loop10k 6)
swarm10k_cpu=$(median swarm10k 6)
swarm1_cpu=$(median swarm1 6)
swarm_conn_cpu=$(minus "$swarm10k_cpu" "$swarm1_cpu")
hold1k_rss=$(median swarmHold1k 7)
hold15k_rss=$(median swarmHold15k 7)
per_held=$(awk -v a="$hold15k_rss" -v b="$hold1k_rss" 'BEGIN { if (a == "-" || b == "-") print "-";
    else printf "%.2f\n", (a - b) / 14000 }')
# the median round of the paced run by the server's p99 lag: "late N of M p99_ms X max_ms Y"
median_lag() {
    awk -v k="$1" '$1 == k' "$work/lag-records" | sort -k7 -g | awk '{ a[NR] = $0 } END { if (NR) print a[int((NR + 1) / 2)] }'
}
lag_text() { # KEY
    local line
    line=$(median_lag "$1")
    [ -n "$line" ] || { echo "-"; return; }
    echo "$line" | awk '{ printf "%d of %d late (%.2f%%), lag p99 %s ms, max %s ms\n", $3, $5, $5 ? 100 * $3 / $5 : 0, $7, $9 }'
}
own_lag_text() { # KEY: tcpswarm's own report, the round of the median p99
    awk -v k="$1" '$1 == k && $5 != "-"' "$work/tcpswarm-records" | sort -k7 -g \
        | awk '{ a[NR] = $0 } END { if (!NR) { print "-"; exit } split(a[int((NR + 1) / 2)], f, " ")
            printf "%s late, lag p99 %s ms, max %s ms\n", f[5], f[7], f[9] }'
}
wall_row() { # LABEL KEY
    ran "$2" || return 0
    echo "| $1 | $(median "$2" 4) ($(spread "$2" 4)) | $(rate_median "$2") | $(median "$2" 6) ($(spread "$2" 6)) |"
}

echo "$(nproc) cores, Linux $(uname -r), $(java -version 2>&1 | head -n 1), JAVA_OPTS='${JAVA_OPTS:-}'," \
     "TCPSWARM_ARGS='$TCPSWARM_ARGS'; loopback; medians of $ROUNDS rounds (15,000 from one address: $WALL_ROUNDS)."
echo
echo "| measure | tcpswarm | against |"
echo "|---|---:|---|"
echo "| 10,000 from one address: accept rate vs the bare loop's | $(ratio "$(rate_median swarm10k)" "$(rate_median loop10k)") \
| $(rate_median swarm10k)/s vs $(rate_median loop10k)/s |"
echo "| 10,000 from one address: CPU for the connections (run − \`-c 1\`) vs the bare loop's \
| $(factor "$swarm_conn_cpu" "$loop10k_cpu") | $swarm10k_cpu − $swarm1_cpu = $swarm_conn_cpu s vs $loop10k_cpu s |"
echo "| 15,000 over 4 sources: accept rate vs the bare loop's over 4 sources \
| $(ratio "$(rate_median swarm15kS)" "$(rate_median loop15kS)") | $(rate_median swarm15kS)/s vs $(rate_median loop15kS)/s |"
others=""
for key in loopWall loopWall2 loopWall4 goonWall loopWallP; do
    ran "$key" || continue
    case $key in loopWall) name="serial loop";; loopWall2) name="2 loops";; loopWall4) name="4 loops";;
        goonWall) name=tcpgoon;; loopWallP) name="loop picking its ports";; esac
    others="$others${others:+, }$name $(median "$key" 4) s"
done
echo "| 15,000 from one address: accept span, median of $WALL_ROUNDS | $(median swarmWall 4) s | $others |"
echo "| \`--rate 2000 -c 4000\` after the first 100 ms, as the server saw it | $(lag_text swarmRate) \
| tcpswarm's own report (whole run): $(own_lag_text swarmRate) |"
echo "| memory per additionally held connection | $per_held KB | peak RSS holding 15,000: $(mb "$hold15k_rss") MB, \
1,000: $(mb "$hold1k_rss") MB |"
echo "| exactness: attempts = server-accepted | $(exact swarm10k swarm1 swarm15kS swarmRate swarmHold1k swarmHold15k swarmWall) \
| every tcpswarm run of this benchmark |"

echo
echo "10,000 connections from one address, as fast as possible:"
echo
echo "| dialer | accept rate (/s) | vs bare loop | CPU (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|"
rate_row "bare C loop" loop10k loop10k
rate_row "tcpswarm \`-c 10000 -s 0\`" swarm10k loop10k
rate_row "tcpswarm \`-c 1\` (the process alone)" swarm1 loop10k
rate_row "tcpgoon \`-c 10000 -s 0\`" goon10k loop10k
rate_row "tcpkali \`--connect-rate 20000\`" kali10k loop10k

echo
echo "15,000 connections over the source addresses $SOURCES:"
echo
echo "| dialer | accept rate (/s) | vs bare loop | CPU (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|"
rate_row "bare C loop (IP_BIND_ADDRESS_NO_PORT)" loop15kS loop15kS
rate_row "tcpswarm \`--source\`" swarm15kS loop15kS

echo
echo "15,000 connections from one address (past half the ephemeral port range):"
echo
echo "| dialer | accept span (s) | accept rate (/s) | CPU (s) |"
echo "|---|---:|---:|---:|"
wall_row "tcpswarm \`-c 15000 -s 0\`" swarmWall
wall_row "bare C loop" loopWall
wall_row "2 bare loops in parallel" loopWall2
wall_row "4 bare loops in parallel" loopWall4
wall_row "bare C loop picking its own ports (\`-P\`: bind to the next free port, no kernel search)" loopWallP
wall_row "tcpgoon" goonWall

echo
echo "4,000 connections at 2,000 per second (planned span 1.9995 s):"
echo
echo "| dialer | accept span (s) | as the server saw it, after the first 100 ms | the dialer's own report (whole run) |"
echo "|---|---:|---|---|"
echo "| tcpswarm \`--rate 2000\` | $(median swarmRate 4) ($(spread swarmRate 4)) | $(lag_text swarmRate) | $(own_lag_text swarmRate) |"
if ran kaliRate; then
    echo "| tcpkali \`--connect-rate 2000\` | $(median kaliRate 4) ($(spread kaliRate 4)) | $(lag_text kaliRate) | - |"
fi

echo
echo "Memory:"
echo
echo "| dialer | peak RSS, small (MB) | peak RSS, large (MB) | per additionally held connection (KB) |"
echo "|---|---:|---:|---:|"
echo "| tcpswarm, 1,000 vs 15,000 (\`--source\`), \`--hold 2s\` | $(mb "$hold1k_rss") | $(mb "$hold15k_rss") | $per_held |"
if ran kaliHold1k; then
    a=$(median kaliHold1k 7)
    b=$(median kaliHold10k 7)
    echo "| tcpkali, 1,000 vs 10,000, \`-T 2s\` | $(mb "$a") | $(mb "$b") \
| $(awk -v a="$b" -v b="$a" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f\n", (a - b) / 9000 }') |"
fi

case " $SECTIONS " in *" messages "*) print_messages ;; esac
case " $SECTIONS " in *" tls "*) print_tls ;; esac

if [ -n "$BASELINE" ]; then
    base_conn_cpu=$(minus "$(median swarm10k@base 6)" "$(median swarm1@base 6)")
    base_per_held=$(awk -v a="$(median swarmHold15k@base 7)" -v b="$(median swarmHold1k@base 7)" 'BEGIN {
        if (a == "-" || b == "-") print "-"; else printf "%.2f\n", (a - b) / 14000 }')
    echo
    echo "The plain rows against the baseline ($BASELINE, $(git -C "$BASELINE" log -1 --format=%h 2>/dev/null || echo '?')," \
         "measured right after each of this tree's runs; medians of the same rounds):"
    echo
    echo "| measure | this tree | baseline | this / baseline |"
    echo "|---|---:|---:|---:|"
    for pair in "10,000 from one address: accept rate (/s)|swarm10k" "15,000 over 4 sources: accept rate (/s)|swarm15kS" \
            "15,000 from one address: accept rate (/s)|swarmWall"; do
        label=${pair%|*}; key=${pair#*|}
        ran "$key@base" || continue
        echo "| $label | $(rate_median "$key") | $(rate_median "$key@base") | $(ratio "$(rate_median "$key")" "$(rate_median "$key@base")") |"
    done
    echo "| 10,000 from one address: CPU for the connections, run − \`-c 1\` (s) | $swarm_conn_cpu | $base_conn_cpu \
| $(ratio "$swarm_conn_cpu" "$base_conn_cpu") |"
    echo "| 15,000 from one address: accept span (s) | $(median swarmWall 4) | $(median swarmWall@base 4) \
| $(ratio "$(median swarmWall 4)" "$(median swarmWall@base 4)") |"
    echo "| \`--rate 2000 -c 4000\`, as the server saw it | $(lag_text swarmRate) | $(lag_text swarmRate@base) | |"
    echo "| memory per additionally held connection (KB) | $per_held | $base_per_held | $(ratio "$per_held" "$base_per_held") |"
    echo "| exactness: attempts = server-accepted | $(exact swarm10k swarm1 swarm15kS swarmRate swarmHold1k swarmHold15k swarmWall) \
| $(exact swarm10k@base swarm1@base swarm15kS@base swarmRate@base swarmHold1k@base swarmHold15k@base swarmWall@base) | |"
fi

echo
echo "Measurements during which the kernel dropped SYNs at a full accept queue (a busy machine; such a" \
     "SYN is sent again after 1 s): $(awk '$9 + 0 > 0 { n++ } END { print n + 0 }' "$work/records") of $(wc -l < "$work/records")."
