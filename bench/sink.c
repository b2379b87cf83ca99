/*
 * sink: the benchmark's neutral target. One thread, one epoll instance, no buffers: it accepts
 * every connection as fast as the kernel hands them over and then holds, closes or resets it,
 * so every dialer is measured against the same server, and a slow server never hides a slow
 * client. It counts for itself, so the counts do not depend on what the dialer says.
 *
 *   sink [-p PORT] [-b ADDRESS] [-m hold|close|reset|echo] [-t FILE] [-s BYTES -r RATE]
 *
 *   -p PORT     port to listen on (default 0: the kernel picks one)
 *   -b ADDRESS  IPv4 or IPv6 address to listen on (default 127.0.0.1)
 *   -m MODE     hold (default): keep every connection until the client ends it;
 *               close: close each one at once (FIN); reset: reset each one at once (RST);
 *               echo: hold it and send back every byte that arrives
 *   -s BYTES    echo: the clients' message size, to count messages and time their arrivals
 *   -r RATE     echo: the messages per second each client connection is meant to send; with -s,
 *               the sink measures how late each message arrives against its connection's schedule
 *   -t FILE     at exit, write each accept's time (nanoseconds after the first accept) to FILE,
 *               one per line, in accept order (at most 1,000,000)
 *
 * Output on stdout: "ready PORT" once it listens; on SIGTERM or SIGINT, one last line
 *
 *   accepted N peak_open P accept_span_s S first_accept_ns T
 *
 * N: connections accepted; P: the most held open at once; S: seconds from the first accept to
 * the last; T: the first accept's CLOCK_MONOTONIC time, which is what Java's System.nanoTime()
 * and the JVM's -Xlog decoration 'timenanos' show, to line the accepts up with a dialer's logs.
 * In echo mode that line comes after one more:
 *
 *   echoed_bytes B messages M message_span_s S messages_per_s R arrival_lag_p50_ms X arrival_lag_p99_ms Y
 *
 * B: bytes echoed; M: whole messages of -s bytes received; S: from the first message's arrival
 * to the last's, over all connections; R: M / S. The arrival lag of message k of a connection is
 * how much later it arrived than its place on that connection's schedule (k / RATE after the
 * connection's best-aligned earlier message): what the server sees of a client that falls behind.
 * The lags are kept in 10 us buckets up to 10 s.
 * Then it exits 0.
 *
 * What a client ends (FIN or RST) is reset here, and at exit every connection still open is
 * reset, so neither side keeps a TIME_WAIT entry that would change the next run's port search.
 *
 * Build: gcc -O2 -o sink sink.c    (Linux: epoll, accept4)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 256
#define MAX_TIMES 1000000

enum mode { HOLD, CLOSE, RESET, ECHO };

#define LAG_BUCKET_NS 10000
#define LAG_BUCKETS 1000000

/* Echo mode, per connection (indexed by fd): bytes received, and the schedule's best alignment. */
static int64_t *bytes_in;
static int64_t *schedule_base;
static uint32_t *lag_buckets;
static long long lag_count;

static volatile sig_atomic_t stop_requested;
static int *open_fds;     /* open_fds[fd] != 0: a connection we hold */
static long fd_capacity;

static void on_signal(int signo) {
    (void) signo;
    stop_requested = 1;
}

static int64_t now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "sink: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void reset_and_close(int fd) {
    struct linger lg = { 1, 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
}

static int listen_on(const char *address, int port) {
    struct sockaddr_storage ss;
    socklen_t len;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *) &ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &ss;
    if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t) port);
        len = sizeof *v4;
    } else if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t) port);
        len = sizeof *v6;
    } else {
        fprintf(stderr, "sink: -b %s is not an IPv4 or IPv6 address\n", address);
        exit(64);
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        die("socket");
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *) &ss, len) < 0) {
        die("bind");
    }
    if (listen(fd, 65535) < 0) { /* the kernel caps it at net.core.somaxconn */
        die("listen");
    }
    return fd;
}

static int bound_port(int fd) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *) &ss, &len) < 0) {
        die("getsockname");
    }
    return ss.ss_family == AF_INET ? ntohs(((struct sockaddr_in *) &ss)->sin_port)
                                   : ntohs(((struct sockaddr_in6 *) &ss)->sin6_port);
}

static void usage(void) {
    fprintf(stderr, "usage: sink [-p PORT] [-b ADDRESS] [-m hold|close|reset|echo] [-t FILE] [-s BYTES -r RATE]\n");
    exit(64);
}

int main(int argc, char **argv) {
    int port = 0;
    const char *address = "127.0.0.1";
    const char *times_file = NULL;
    enum mode mode = HOLD;
    int opt;
    long message_size = 0;
    double rate = 0;
    while ((opt = getopt(argc, argv, "p:b:m:t:s:r:")) != -1) {
        switch (opt) {
        case 'p':
            port = atoi(optarg);
            if (port < 0 || port > 65535) {
                usage();
            }
            break;
        case 'b':
            address = optarg;
            break;
        case 'm':
            if (strcmp(optarg, "hold") == 0) {
                mode = HOLD;
            } else if (strcmp(optarg, "close") == 0) {
                mode = CLOSE;
            } else if (strcmp(optarg, "reset") == 0) {
                mode = RESET;
            } else if (strcmp(optarg, "echo") == 0) {
                mode = ECHO;
            } else {
                usage();
            }
            break;
        case 't':
            times_file = optarg;
            break;
        case 's':
            message_size = atol(optarg);
            break;
        case 'r':
            rate = atof(optarg);
            break;
        default:
            usage();
        }
    }
    if (optind != argc) {
        usage();
    }

    /* Every held connection is a file descriptor: take all the kernel allows. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    fd_capacity = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1L << 22) ? (1L << 22) : (long) rl.rlim_cur;
    open_fds = calloc((size_t) fd_capacity, sizeof *open_fds);
    int64_t *times = times_file ? malloc(sizeof *times * MAX_TIMES) : NULL;
    if (!open_fds || (times_file && !times)) {
        die("malloc");
    }
    int timing = mode == ECHO && message_size > 0 && rate > 0;
    if (timing) {
        bytes_in = calloc((size_t) fd_capacity, sizeof *bytes_in);
        schedule_base = calloc((size_t) fd_capacity, sizeof *schedule_base);
        lag_buckets = calloc(LAG_BUCKETS, sizeof *lag_buckets);
        if (!bytes_in || !schedule_base || !lag_buckets) {
            die("malloc");
        }
    }
    int64_t step_ns = timing ? (int64_t) (1e9 / rate) : 0;
    long long echoed = 0, messages = 0;
    int64_t first_message = 0, last_message = 0;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: epoll_wait returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int listener = listen_on(address, port);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
        die("epoll_create1");
    }
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = listener };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev) < 0) {
        die("epoll_ctl");
    }
    printf("ready %d\n", bound_port(listener));
    fflush(stdout);

    long accepted = 0, open_now = 0, peak_open = 0;
    int64_t first_accept = 0, last_accept = 0;
    struct epoll_event events[MAX_EVENTS];
    static char discard[65536];
    while (!stop_requested) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd != listener) {
                /* A held connection: data is discarded (echoed in echo mode); the client's FIN or RST ends it. */
                ssize_t got = read(fd, discard, sizeof discard);
                if (got > 0 && mode == ECHO) {
                    int64_t t = now_nanos();
                    ssize_t off = 0;
                    while (off < got) { /* loopback: the socket's buffer takes it, or the client is gone */
                        ssize_t w = write(fd, discard + off, (size_t) (got - off));
                        if (w <= 0) {
                            break;
                        }
                        off += w;
                    }
                    echoed += got;
                    if (timing) {
                        int64_t before = bytes_in[fd] / message_size;
                        bytes_in[fd] += got;
                        int64_t after = bytes_in[fd] / message_size;
                        for (int64_t k = before; k < after; k++) { /* message k completed now */
                            int64_t offset = t - k * step_ns;
                            if (k == 0 || offset < schedule_base[fd]) {
                                schedule_base[fd] = offset;
                            }
                            int64_t bucket = (offset - schedule_base[fd]) / LAG_BUCKET_NS;
                            lag_buckets[bucket < LAG_BUCKETS ? bucket : LAG_BUCKETS - 1]++;
                            lag_count++;
                            if (messages++ == 0) {
                                first_message = t;
                            }
                            last_message = t;
                        }
                    }
                    continue;
                }
                if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
                    if (timing) {
                        bytes_in[fd] = 0;
                    }
                    open_fds[fd] = 0;
                    open_now--;
                    reset_and_close(fd);
                }
                continue;
            }
            for (;;) {
                int c = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (c < 0) {
                    if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) {
                        break;
                    }
                    if (errno == EMFILE || errno == ENFILE) {
                        fprintf(stderr, "sink: accept4: %s: raise the open-files limit\n", strerror(errno));
                        break;
                    }
                    die("accept4");
                }
                int64_t t = now_nanos();
                if (accepted == 0) {
                    first_accept = t;
                }
                last_accept = t;
                if (times && accepted < MAX_TIMES) {
                    times[accepted] = t;
                }
                accepted++;
                if (mode == CLOSE) {
                    close(c);
                } else if (mode == RESET) {
                    reset_and_close(c);
                } else {
                    struct epoll_event cev = { .events = EPOLLIN | EPOLLRDHUP, .data.fd = c };
                    if (c >= fd_capacity || epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev) < 0) {
                        die("epoll_ctl (connection)");
                    }
                    open_fds[c] = 1;
                    if (++open_now > peak_open) {
                        peak_open = open_now;
                    }
                }
            }
        }
    }

    for (long fd = 0; fd < fd_capacity; fd++) {
        if (open_fds[fd]) {
            reset_and_close((int) fd);
        }
    }
    if (times) {
        FILE *f = fopen(times_file, "w");
        if (!f) {
            die(times_file);
        }
        long kept = accepted < MAX_TIMES ? accepted : MAX_TIMES;
        for (long i = 0; i < kept; i++) {
            fprintf(f, "%lld\n", (long long) (times[i] - first_accept));
        }
        fclose(f);
    }
    if (mode == ECHO) {
        double span = (double) (last_message - first_message) / 1e9;
        double p50 = -1, p99 = -1;
        long long seen = 0;
        for (long b = 0; b < LAG_BUCKETS && timing && lag_count > 0; b++) {
            seen += lag_buckets[b];
            if (p50 < 0 && seen * 100 >= lag_count * 50) {
                p50 = (double) b * LAG_BUCKET_NS / 1e6;
            }
            if (p99 < 0 && seen * 100 >= lag_count * 99) {
                p99 = (double) b * LAG_BUCKET_NS / 1e6;
                break;
            }
        }
        printf("echoed_bytes %lld messages %lld message_span_s %.6f messages_per_s %.1f arrival_lag_p50_ms %.2f "
               "arrival_lag_p99_ms %.2f\n", echoed, messages, span, span > 0 ? messages / span : 0, p50, p99);
    }
    printf("accepted %ld peak_open %ld accept_span_s %.6f first_accept_ns %lld\n", accepted, peak_open,
           (double) (last_accept - first_accept) / 1e9, (long long) first_accept);
    fflush(stdout);
    return 0;
}
