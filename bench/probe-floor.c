// The kernel's share of a TCP probe, for bench/monitor-benchmark.sh: one blocking loop that does what
// a monitor probe does (connect, shutdown the output so a FIN goes out, read until the server's own
// FIN, close) RATE times a second for SECONDS, against 127.0.0.1:PORT. Its CPU is the floor under any
// prober's, on the same machine. Usage: probe-floor PORT RATE SECONDS
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: probe-floor PORT RATE SECONDS\n");
        return 64;
    }
    int port = atoi(argv[1]);
    long rate = atol(argv[2]);
    long seconds = atol(argv[3]);
    struct sockaddr_in to = {0};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    long step = 1000000000L / rate;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    char buf[2048];
    for (long i = 0; i < rate * seconds; i++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0 || connect(s, (struct sockaddr *) &to, sizeof to) != 0) {
            perror("probe-floor: connect");
            return 1;
        }
        shutdown(s, SHUT_WR);
        while (read(s, buf, sizeof buf) > 0) {
        }
        close(s);
        next.tv_nsec += step;
        while (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    return 0;
}
