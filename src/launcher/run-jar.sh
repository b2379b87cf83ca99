#!/bin/sh
# Runs tcpswarm's jar: the part of launching that the checkout's bin/tcpswarm and the installed
# /usr/bin/tcpswarm share, so both start the JVM the same way. Usage: run-jar.sh JAR ARCHIVE [ARGS...]
# JAR is the runnable jar; ARCHIVE is where the class-data-sharing archive for it is kept (made here
# when it is missing or older than the jar, if its directory is writable). Raises the soft open-files
# limit to the hard limit (every connection is a file descriptor) and runs the jar with the arguments
# passed through. JAVA_OPTS is appended after the defaults, so it wins.
set -e
jar=$1
jsa=$2
shift 2

# A signal before the JVM runs tcpswarm's code ends as one after it does (ExitCode.onSignal): one
# line, 0 for the commands that run until stopped, 1 for the others. (exec resets the trap.)
case "${1:-}" in
    serve|monitor|established|traffic) on_signal=0 ;;
    *) on_signal=1 ;;
esac
trap 'echo "tcpswarm: interrupted before anything was started: nothing was opened" >&2; exit $on_signal' INT TERM

hard=$(ulimit -Hn)
ulimit -n "$hard" 2>/dev/null || true

# JVM flags per command, each set chosen by measurement (docs/performance.md has the figures).
# run, ramp, serve, demo, merge: a short-lived, I/O-bound process. The client compiler alone (the
# dial path is compiled before the clock; the optimizing compiler would still be compiling when the
# run is over), the serial collector, a small young generation (less memory touched) whose survivors
# (connections: long-lived) are promoted at once instead of being copied back and forth, an old
# generation that starts large enough for 20,000 held connections (committed, not touched: no full
# collection to grow it in the middle of a run), no perf-data file.
# monitor, established, traffic: long-running (traffic: parsing a big file is CPU-bound). Tiered compilation (after the first minute the optimizing
# compiler's code costs less CPU per probe or scan), and a smaller young generation whose survivors
# age before they are promoted: a probe's objects die young, so the old generation does not fill
# with them (peak RSS at 1,000 services: 138-142 MB, against 150-158 MB with the short-run heap).
short_run="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmn16m -Xms64m -XX:MaxTenuringThreshold=0 -Xss512k -XX:-UsePerfData"
long_running="-XX:+UseSerialGC -Xmn8m -Xms24m -XX:MaxTenuringThreshold=6 -Xss512k -XX:-UsePerfData"
case "${1:-}" in
    monitor|established|traffic) defaults=$long_running ;;
    *) defaults=$short_run ;;
esac

# Class-data sharing: once per jar, a short training run (the demo, output discarded) records the
# classes tcpswarm loads into the archive; later runs map them instead of loading and verifying them
# again (about 0.2 s less start-up). Written to a temporary name, then renamed.
if { [ ! -f "$jsa" ] || [ "$jar" -nt "$jsa" ]; } && [ -w "$(dirname "$jsa")" ]; then
    # shellcheck disable=SC2086
    java $short_run -XX:ArchiveClassesAtExit="$jsa.$$" -jar "$jar" demo -c 500 -s 0 -i 0 >/dev/null 2>&1 \
        && mv -f "$jsa.$$" "$jsa" || rm -f "$jsa.$$"
fi
if [ -f "$jsa" ]; then
    defaults="$defaults -XX:SharedArchiveFile=$jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
# shellcheck disable=SC2086
exec java $defaults ${JAVA_OPTS:-} -jar "$jar" "$@"
