#!/usr/bin/env bash
# tcpswarm traffic against GoAccess and wc -l on a generated 1,000,000-line combined log and the same
# requests as HttpMonitor's CSV: lines per second (best of 3) and peak RSS; then the lag from a
# line's append to its count in /metrics at 5,000 lines/s.
# Usage: bench/traffic-benchmark.sh [LINES] | bench/traffic-benchmark.sh --lag-only
set -euo pipefail
cd "$(dirname "$0")/.."
LAG_ONLY=false
if [ "${1:-}" = --lag-only ]; then LAG_ONLY=true; shift; fi
LINES=${1:-1000000}
JAR=target/tcpswarm.jar
[ -f "$JAR" ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 64; }
W=$(mktemp -d /tmp/traffic-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
if ! $LAG_ONLY; then
python3 - "$LINES" "$W" <<'PY'
import sys, random, time
n, w = int(sys.argv[1]), sys.argv[2]
random.seed(1)
paths = ["/api/user", "/api/help", "/report", "/user/%d", "/static/app.js", "/", "/login"]
codes = [200]*17 + [301, 404, 500]
t0 = 1549573860
months = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"]
with open(w + "/access.log", "w") as clf, open(w + "/access.csv", "w") as csv:
    csv.write('"remotehost","rfc931","authuser","date","request","status","bytes"\n')
    for i in range(n):
        t = t0 + i // 50
        g = time.gmtime(t)
        host = "10.%d.%d.%d" % (i % 7, i % 251, i % 13)
        p = random.choice(paths)
        if "%d" in p:
            p = p % (i % 1000)
        c = random.choice(codes)
        b = random.randint(100, 20000)
        stamp = "%02d/%s/%d:%02d:%02d:%02d +0000" % (g.tm_mday, months[g.tm_mon-1], g.tm_year, g.tm_hour, g.tm_min, g.tm_sec)
        clf.write('%s - - [%s] "GET %s HTTP/1.1" %d %d "-" "Mozilla/5.0 (X11; Linux x86_64)"\n' % (host, stamp, p, c, b))
        csv.write('"%s","-","apache",%d,"GET %s HTTP/1.0",%d,%d\n' % (host, t, p, c, b))
PY
best() { # best wall time of 3 runs, and its peak RSS (KB), of the command given
    local bt=999999 brss=0
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$W/t" "$@" > /dev/null 2>&1 || true
        read -r t rss < "$W/t"
        if awk -v a="$t" -v b="$bt" 'BEGIN{exit !(a<b)}'; then bt=$t; brss=$rss; fi
    done
    echo "$bt $brss"
}
row() {
    read -r t rss <<< "$(best "${@:2}")"
    awk -v name="$1" -v t="$t" -v rss="$rss" -v n="$LINES" \
        'BEGIN{printf "%-34s %8.2f s %12.0f lines/s %8.1f MB\n", name, t, n/t, rss/1024}'
}
echo "$LINES lines; $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
row "wc -l (combined)" wc -l "$W/access.log"
row "tcpswarm traffic (combined)" bin/tcpswarm traffic "$W/access.log" --no-follow
row "goaccess (combined, to a report)" goaccess "$W/access.log" --log-format=COMBINED -o "$W/report.html"
row "wc -l (csv)" wc -l "$W/access.csv"
row "tcpswarm traffic (csv)" bin/tcpswarm traffic "$W/access.csv" --no-follow
head -n $((LINES / 10)) "$W/access.log" > "$W/tenth.log"
row "tcpswarm traffic (1/10 of the lines)" bin/tcpswarm traffic "$W/tenth.log" --no-follow
fi
echo "lag: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

# Lag: a writer appends 5,000 lines/s (50 every 10 ms) stamped with their wall time in ms; a reader
# scrapes /metrics every 20 ms and records when each count was first reached.
: > "$W/live.log"
bin/tcpswarm traffic "$W/live.log" --metrics 127.0.0.1:0 -i 1 --lateness 0 > "$W/live.out" 2>&1 &
TP=$!
for _ in $(seq 100); do grep -q "metrics at" "$W/live.out" 2>/dev/null && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*/metrics' "$W/live.out")
python3 - "$W/live.log" "$URL" <<'PY'
import sys, time, threading, urllib.request, re
path, url = sys.argv[1], sys.argv[2]
sent = []          # (count after the batch, wall time of the append)
seen = {}
done = False
def scrape():
    pat = re.compile(r'tcpswarm_traffic_requests_total\{source="live.log",status_class="2xx"\} ([0-9.e+E]+)')
    while not done:
        body = urllib.request.urlopen(url).read().decode()
        m = pat.search(body)
        if m:
            seen.setdefault(int(float(m.group(1))), time.time())
        time.sleep(0.02)
t = threading.Thread(target=scrape); t.start()
count = 0
with open(path, "a") as f:
    start = time.time()
    for b in range(1000):   # 10 s at 5,000 lines/s
        now = time.time()
        g = time.gmtime(now)
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", g)
        f.write(''.join('10.0.0.1 - - [%s] "GET /api/x HTTP/1.1" 200 5 "-" "w"\n' % stamp for _ in range(50)))
        f.flush()
        count += 50
        sent.append((count, time.time()))
        delay = start + (b + 1) * 0.01 - time.time()
        if delay > 0: time.sleep(delay)
time.sleep(2); done = True; t.join()
counts = sorted(seen)
lags = []
for c, ts in sent:
    first = next((seen[k] for k in counts if k >= c), None)
    if first is not None: lags.append(first - ts)
lags.sort()
p = lambda q: lags[min(len(lags)-1, int(q * len(lags)))] * 1000
print("lag append -> /metrics at 5000 lines/s: %d of %d batches seen; p50 %.0f ms, p99 %.0f ms, max %.0f ms"
      % (len(lags), len(sent), p(0.5), p(0.99), lags[-1] * 1000))
PY
kill -TERM $TP; wait $TP || true
grep -c "to .* UTC" "$W/live.out" | xargs echo "interval tables printed:"
