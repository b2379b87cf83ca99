#!/usr/bin/env bash
# A CI gate you can run on your own machine: start the service, load it with tcpswarm, let the
# thresholds decide, stop the service, and exit with tcpswarm's exit code (0: every threshold
# held; 3: one failed; 64: a bad command line; see docs/ci-gate.md).
#
# The "service" here is tcpswarm's own built-in server (`tcpswarm serve`) on a free port, started
# below under "The service": put your own service's start command there.
#
# Usage:
#   examples/ci-gate.sh [MORE tcpswarm run OPTIONS ...]      e.g. --threshold 'p(99.9)<200ms'
#
# Environment:
#   TCPSWARM_JAR  run this jar with java (default: bin/tcpswarm, which builds target/tcpswarm.jar
#                 with Maven when it is missing or older than the sources)
#   RESULT_DIR    where result.json, result.xml and service.log go (default: the current directory)
#   CONNECTIONS   connections to open (default: 2000)
#   RATE          connection starts per second (default: 1000)
#   P99_LIMIT     the connect-latency p99 the gate allows (default: 500ms: both ends here are cold
#                 JVMs on one machine; gate a real service on what it promises)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
result_dir=${RESULT_DIR:-.}
connections=${CONNECTIONS:-2000}
rate=${RATE:-1000}
p99_limit=${P99_LIMIT:-500ms}
mkdir -p "$result_dir"

if [ -n "${TCPSWARM_JAR:-}" ]; then
    tcpswarm=(java -jar "$TCPSWARM_JAR")
else
    tcpswarm=("$top/bin/tcpswarm")
fi

# Every connection is a file descriptor, on both ends: raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# --- The service --------------------------------------------------------------------------------
service_log="$result_dir/service.log"
"${tcpswarm[@]}" serve --port 0 --interval 0 >"$service_log" 2>&1 &
service_pid=$!

stop_service() {
    kill -TERM "$service_pid" 2>/dev/null || return 0
    # serve prints its final status line and exits on SIGTERM; give it 10 s, then kill it
    for _ in $(seq 1 100); do
        kill -0 "$service_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
}
trap 'rc=$?; stop_service; exit "$rc"' EXIT
trap 'exit 1' INT TERM

# Its first line is 'listening on 127.0.0.1:PORT mode hold': wait for it, at most 120 s (enough
# for bin/tcpswarm to build the jar on first use).
port=
for _ in $(seq 1 1200); do
    line=$(head -n 1 "$service_log" 2>/dev/null || true)
    case "$line" in
        "listening on "*)
            port=$(printf '%s\n' "$line" | sed -n 's/^listening on [^ ]*:\([0-9][0-9]*\) .*/\1/p')
            break
            ;;
    esac
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "ci-gate: the service did not start; its output:" >&2
    cat "$service_log" >&2
    exit 70
fi
echo "ci-gate: service listening on 127.0.0.1:$port"

# --- The gate -----------------------------------------------------------------------------------
# Given thresholds, they alone decide the exit code: 0 when every one holds, 3 when one fails.
status=0
"${tcpswarm[@]}" run 127.0.0.1 "$port" -c "$connections" --rate "$rate" -y --plain \
    --threshold "p(99)<$p99_limit" \
    --threshold 'error_rate<=0.1%' \
    --threshold 'errors_timeout==0' \
    --json "$result_dir/result.json" --junit "$result_dir/result.xml" \
    "$@" || status=$?

echo "ci-gate: tcpswarm exited with $status; results: $result_dir/result.json, $result_dir/result.xml"
exit "$status"
