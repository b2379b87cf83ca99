#!/usr/bin/env python3
# 500 clients that each send half a request's headers to tcpswarm's HTTP server, and ten scrapes
# beside them: prints the scrapes' times and when the server closed the slow clients (docs/monitor.md).
# Run from the checkout after mvn package: python3 bench/slowloris.py
import socket, subprocess, sys, time, re
p = subprocess.Popen(["java","-jar","target/tcpswarm.jar","established","--listen","127.0.0.1:0","--min-age","0"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = p.stdout.readline(); port = int(re.search(r":(\d+):", line).group(1))
socks = []
for i in range(500):
    s = socket.create_connection(("127.0.0.1", port)); s.send(b"GET /metrics HTTP/1.1\r\nHost: slow\r\n"); socks.append(s)
time.sleep(0.5)
times = []
for i in range(10):
    t = time.monotonic(); c = socket.create_connection(("127.0.0.1", port))
    c.send(b"GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"); data = b""
    while True:
        d = c.recv(65536)
        if not d: break
        data += d
    times.append((time.monotonic()-t)*1000); assert data.startswith(b"HTTP/1.1 200"), data[:100]
print("500 slow clients: scrape ms min %.1f max %.1f" % (min(times), max(times)))
t = time.monotonic(); closed = 0
for s in socks:
    s.settimeout(30)
    try:
        if s.recv(1) == b"": closed += 1
    except Exception as e: pass
print("slow clients closed by the server: %d after %.1f s" % (closed, time.monotonic()-t+0.5))
p.terminate(); p.wait()
