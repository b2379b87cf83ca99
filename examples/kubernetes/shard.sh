#!/bin/sh
# One shard of a tcpswarm plan, in a pod of a Kubernetes Indexed Job (the image's entry point).
# Runs `tcpswarm run ARGS... --shard-from-env` (Kubernetes sets JOB_COMPLETION_INDEX; the Job sets
# TCPSWARM_SHARD_COUNT), then prints the shard's result files (its --json and --hdr-log) to stdout
# between two marker lines, as a base64 tar, so that `kubectl logs` can collect them after the pod
# has ended (run-sharded.sh does).
#
# Exit code: 0 when the shard ran to its end, whatever its own verdict (0, 2 or 3: its data is
# complete, and `tcpswarm merge` judges the whole plan); tcpswarm's own code otherwise (64: bad
# input, for example a pod that started after --start-at had passed; 70: internal error), so that the
# Job fails.
set -u
jar=${TCPSWARM_JAR:-/opt/tcpswarm/tcpswarm.jar}
index=${JOB_COMPLETION_INDEX:?JOB_COMPLETION_INDEX is not set: run this in an Indexed Job}
out=$(mktemp -d)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
java ${JAVA_OPTS:-} -jar "$jar" run "$@" --shard-from-env -y --plain \
    --json "$out/shard-$index.json" --hdr-log "$out/shard-$index.hlog"
code=$?
echo "tcpswarm-shard-result-begin $index exit $code"
tar -C "$out" -czf - . | base64
echo "tcpswarm-shard-result-end $index"
rm -rf "$out"
case $code in
    0 | 2 | 3) exit 0 ;;
    *) exit "$code" ;;
esac
