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
# Three JVM settings: the JVM's defaults (tiered compilation, G1), and the two flag sets bin/tcpswarm
# chooses between (read from src/launcher/run-jar.sh): the long-running one, which `bin/tcpswarm established`
# runs with (serial GC, tiered compilation), and the short-run one of run and ramp (client compiler
# only), for comparison. JAVA_OPTS is added to each.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

echo "building the jar and the test classes ..." >&2
mvn -B -q -Dstyle.color=never -DskipTests package test-compile >&2

flags() { sed -n "s/^$1=\"\\(.*\\)\"$/\\1/p" src/launcher/run-jar.sh; }
long_running=$(flags long_running)
short_run=$(flags short_run)
[ -n "$long_running" ] && [ -n "$short_run" ] || { echo "cannot read the flags from src/launcher/run-jar.sh" >&2; exit 70; }
cp="target/tcpswarm.jar:target/test-classes"
echo "== JVM defaults"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$cp" dev.tcpswarm.established.ScanBenchmark "$@"
echo "== bin/tcpswarm's long-running flags (established, monitor): $long_running"
# shellcheck disable=SC2086
java $long_running ${JAVA_OPTS:-} -cp "$cp" dev.tcpswarm.established.ScanBenchmark "$@"
echo "== bin/tcpswarm's short-run flags (run, ramp): $short_run"
# shellcheck disable=SC2086
java $short_run ${JAVA_OPTS:-} -cp "$cp" dev.tcpswarm.established.ScanBenchmark "$@"
