#!/bin/bash
# Scan cost of `tcpswarm established` on the real kernel tables: 20,000 held loopback connections
# (40,000 socket lines: both ends), two servers and two runs of 10,000 (each process stays under a
# 20,000 open-files limit), the exporter scanning every second with --debug for 20 s.
# Run from the checkout after mvn package: bench/established-real-tables.sh
set -u
cd "$(dirname "$0")/.."
J="java -jar target/tcpswarm.jar"
PORT=${PORT:-23517}
ulimit -n "$(ulimit -Hn)"
$J serve --bind 127.0.0.1 --port $PORT --mode hold --max-connections 15000 > /dev/null 2>&1 &
SERVE=$!
$J serve --bind 127.0.0.1 --port $((PORT + 1)) --mode hold --max-connections 15000 > /dev/null 2>&1 &
SERVE2=$!
sleep 4
$J run 127.0.0.1 $PORT -c 10000 -s 0 --hold 70s -y -i 0 > /dev/null 2>&1 &
RUN=$!
$J run 127.0.0.1 $((PORT + 1)) -c 10000 -s 0 --source 127.0.0.2 --hold 70s -y -i 0 > /dev/null 2>&1 &
RUN2=$!
sleep 15
echo "socket lines: $(( $(wc -l < /proc/net/tcp) + $(wc -l < /proc/net/tcp6) - 2 ))"
$J established --listen 127.0.0.1:0 --min-age 0 --debug > /tmp/scan-exp.$$ 2>/tmp/scan-err.$$ &
EXP=$!
sleep 4
MP=$(grep -o '127.0.0.1:[0-9]*' /tmp/scan-exp.$$ | head -1 | cut -d: -f2)
m() { curl -s http://127.0.0.1:$MP/metrics | grep -E "^($1) " | awk '{print $2}'; }
c0=$(m process_cpu_seconds_total); s0=$(m tcpswarm_established_scans_total)
sleep 20
c1=$(m process_cpu_seconds_total); s1=$(m tcpswarm_established_scans_total)
curl -s http://127.0.0.1:$MP/metrics | grep -E '^tcpswarm_established_connections'
echo "scans: $s0 -> $s1, process CPU: $c0 -> $c1 s"
python3 -c "print('CPU per scan (whole process): %.1f ms' % ((float('$c1')-float('$c0'))/(float('$s1')-float('$s0'))*1000))"
grep 'scan:' /tmp/scan-err.$$ | tail -15 | sed 's/^/  /'
kill $EXP $RUN $RUN2 $SERVE $SERVE2 2>/dev/null; wait 2>/dev/null
rm -f /tmp/scan-exp.$$ /tmp/scan-err.$$
