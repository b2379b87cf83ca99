#!/usr/bin/env bash
# Runs one tcpswarm plan as a Kubernetes Indexed Job and merges the shards' results:
#   1. fills in job.yaml (--start-at: LEAD_SECONDS from now, so every pod is up before it),
#   2. applies it with kubectl, and waits until the Job has completed or failed,
#   3. collects each shard's result files from its pod's log (shard.sh prints them),
#   4. runs `tcpswarm merge` on them, with this script's arguments (thresholds, outputs),
#      and exits with merge's exit code (0 passed, 2 connections failed, 3 a threshold failed).
#
#   IMAGE=registry.example/tcpswarm:0.1.0 TARGET_HOST=app.prod.svc TARGET_PORT=8080 \
#   CONNECTIONS=1000000 RATE=20000 HOLD=5m SHARDS=50 \
#     examples/kubernetes/run-sharded.sh --threshold 'established>=1000000' --json merged.json
#
# Settings (environment): IMAGE, TARGET_HOST, TARGET_PORT (required); CONNECTIONS (1000),
# RATE (1000, starts per second for the whole plan), HOLD (30s), SHARDS (3), NAME
# (tcpswarm-plan), LEAD_SECONDS (60), RESULTS (./tcpswarm-results), TIMEOUT_SECONDS (3600),
# TCPSWARM (the command that runs tcpswarm here: this repository's bin/tcpswarm).
#
#   run-sharded.sh --render              prints the filled-in manifest and does nothing else
#   run-sharded.sh --collect LOG...      takes the result files out of saved pod logs into RESULTS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

NAME=${NAME:-tcpswarm-plan}
SHARDS=${SHARDS:-3}
CONNECTIONS=${CONNECTIONS:-1000}
RATE=${RATE:-1000}
HOLD=${HOLD:-30s}
LEAD_SECONDS=${LEAD_SECONDS:-60}
RESULTS=${RESULTS:-./tcpswarm-results}
TIMEOUT_SECONDS=${TIMEOUT_SECONDS:-3600}
TCPSWARM=${TCPSWARM:-$here/../../bin/tcpswarm}

die() {
    echo "run-sharded.sh: $*" >&2
    exit 64
}

# The manifest with every ${...} filled in; values must be plain words (no quotes, no new lines).
render() {
    : "${IMAGE:?set IMAGE to the tcpswarm image (see Containerfile)}"
    : "${TARGET_HOST:?set TARGET_HOST}"
    : "${TARGET_PORT:?set TARGET_PORT}"
    local start_at
    start_at=$(date -u -d "+${LEAD_SECONDS} seconds" +%Y-%m-%dT%H:%M:%SZ)
    local name value
    local -a edits=()
    for name in NAME SHARDS IMAGE TARGET_HOST TARGET_PORT CONNECTIONS RATE HOLD; do
        value=${!name}
        [[ $value =~ ^[A-Za-z0-9._:/@+-]+$ ]] || die "$name='$value' is not a plain word"
        edits+=(-e "s|\${$name}|$value|g")
    done
    edits+=(-e "s|\${START_AT}|$start_at|g")
    sed "${edits[@]}" "$here/job.yaml"
}

# The result files out of pod logs (the blocks shard.sh prints), into RESULTS.
collect() {
    mkdir -p "$RESULTS"
    local log
    for log in "$@"; do
        awk '/^tcpswarm-shard-result-begin /{on=1; next} /^tcpswarm-shard-result-end /{on=0} on' "$log" \
            | base64 -d | tar -xzf - -C "$RESULTS"
    done
}

case "${1:-}" in
    --render)
        render
        exit 0
        ;;
    --collect)
        shift
        collect "$@"
        exit 0
        ;;
esac

command -v kubectl >/dev/null || die "kubectl is not installed"
render | kubectl apply -f -
echo "run-sharded.sh: job/$NAME: $SHARDS shards, starting in ${LEAD_SECONDS}s" >&2
deadline=$((SECONDS + LEAD_SECONDS + TIMEOUT_SECONDS))
while :; do
    read -r succeeded failed < <(kubectl get job "$NAME" -o jsonpath='{.status.succeeded} {.status.failed}{"\n"}')
    [[ ${failed:-0} -gt 0 ]] && die "job/$NAME: a shard failed (kubectl describe job/$NAME; kubectl logs -l job-name=$NAME)"
    [[ ${succeeded:-0} -eq $SHARDS ]] && break
    ((SECONDS < deadline)) || die "job/$NAME: not complete after $((LEAD_SECONDS + TIMEOUT_SECONDS))s"
    sleep 5
done

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
for pod in $(kubectl get pods -l "job-name=$NAME" -o name); do
    kubectl logs "$pod" > "$logs/${pod#pod/}.log"
done
collect "$logs"/*.log
found=$(find "$RESULTS" -name 'shard-*.json' | wc -l)
[[ $found -eq $SHARDS ]] || die "found $found shard results of $SHARDS in $RESULTS"
exec "$TCPSWARM" merge "$RESULTS"/shard-*.json "$RESULTS"/shard-*.hlog "$@"
