#!/usr/bin/env bash
# Benchmark of one `tcpswarm established` scan: a synthetic 100,000-line /proc/net/tcp-format table
# (20 listening ports; 70% inbound ESTABLISHED, 15% outbound, 15% TIME_WAIT), read, parsed, tracked
# and counted as the exporter does every interval. Prints, per JVM setting, the first scan (every
# connection new) and steady scans (same table; and a tenth of the connections replaced each time):
# milliseconds per scan (wall, and the scanning thread's CPU time) and bytes allocated per scan
# (ThreadMXBean). Judges nothing.
#
#   bench/established-scan.sh [LINES [SCANS]]     # defaults: 100000 200
#
# Two JVM settings: the JVM's defaults (tiered compilation, G1), and the flags bin/tcpswarm starts
# every command with (read from the launcher: client compiler only, serial GC), which is how
# `bin/tcpswarm established` runs. JAVA_OPTS is added to both.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

echo "building the jar and the test classes ..." >&2
mvn -B -q -Dstyle.color=never -DskipTests package test-compile >&2

launcher=$(sed -n 's/^defaults="\(.*\)"$/\1/p' src/launcher/run-jar.sh)
cp="target/tcpswarm.jar:target/test-classes"
echo "== JVM defaults"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$cp" dev.tcpswarm.established.ScanBenchmark "$@"
echo "== bin/tcpswarm's flags: $launcher"
# shellcheck disable=SC2086
java $launcher ${JAVA_OPTS:-} -cp "$cp" dev.tcpswarm.established.ScanBenchmark "$@"
