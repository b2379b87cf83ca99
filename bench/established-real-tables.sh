#!/bin/bash
# Scan cost of `tcpswarm established` on the real kernel tables: 19,800 loopback connections held
# open (about 40,000 socket lines: both ends), by two Python processes of 9,900 pairs each (each stays
# under a 20,000 open-files limit); the exporter scans every second with --debug for 20 s, and the
# CPU per scan is process_cpu_seconds_total's growth over the scans' (the whole JVM: scan, GC, JIT).
# Run from the checkout after mvn package: bench/established-real-tables.sh
set -u
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)"
hold() { # hold PAIRS seconds: a listener on a free loopback port and PAIRS connections to it
    python3 - "$1" "$2" <<'PY' &
import socket, sys, time
pairs, seconds = int(sys.argv[1]), float(sys.argv[2])
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(4096)
keep = []
for i in range(pairs):
    c = socket.create_connection(l.getsockname()); a, _ = l.accept(); keep += [c, a]
time.sleep(seconds)
PY
}
hold 9900 120; H1=$!
hold 9900 120; H2=$!
sleep 25
echo "socket lines in /proc/net/tcp and tcp6: $(( $(wc -l < /proc/net/tcp) + $(wc -l < /proc/net/tcp6) - 2 ))"
OUT=$(mktemp); ERR=$(mktemp)
java -jar target/tcpswarm.jar established --listen 127.0.0.1:0 --min-age 0 --debug > "$OUT" 2> "$ERR" &
EXP=$!
sleep 10
MP=$(grep -o '127.0.0.1:[0-9]*' "$OUT" | head -1 | cut -d: -f2)
m() { curl -s "http://127.0.0.1:$MP/metrics" | grep -E "^($1) " | awk '{print $2}'; }
c0=$(m process_cpu_seconds_total); s0=$(m tcpswarm_established_scans_total)
sleep 20
c1=$(m process_cpu_seconds_total); s1=$(m tcpswarm_established_scans_total)
echo "scans: $s0 -> $s1, process CPU: $c0 -> $c1 s"
python3 -c "print('CPU per scan (whole process): %.1f ms' % ((float('$c1')-float('$c0'))/(float('$s1')-float('$s0'))*1000))"
echo "the last scans (--debug):"; grep 'scan:' "$ERR" | tail -5 | sed 's/^/  /'
kill $EXP $H1 $H2 2>/dev/null; wait 2>/dev/null
rm -f "$OUT" "$ERR"
