/*
 * connect-loop: the benchmark's yardstick, the least a dialer can do. A plain loop of blocking
 * connect() calls, each connection left open; when all are made (and held, if asked), every
 * socket gets SO_LINGER 0 and is closed, so no TIME_WAIT is left behind. No event loop, no
 * timing per connection, no bookkeeping: what this costs is what the kernel costs.
 *
 *   connect-loop [-n N] [-k K] [-s SOURCES] [-P] [-H MS] ADDRESS PORT
 *
 *   -n N        connections in all (default 10000)
 *   -k K        K loops in parallel, one process each; loop j makes connections j, j+K, j+2K, ...
 *               (default 1: one loop, in this process)
 *   -s SOURCES  local source addresses, a comma list of addresses or IPv4 ranges
 *               (127.0.0.1-127.0.0.4); connection i binds to source i mod count with
 *               IP_BIND_ADDRESS_NO_PORT, so the port is still chosen at connect time
 *   -P          pick each local port here instead of leaving it to the kernel's search: bind to
 *               the next port of net.ipv4.ip_local_port_range in turn (skipping ports in use), to the
 *               first source address or the wildcard; shows what the kernel's port search costs
 *   -H MS       keep all of them open this long once the last connect returned (default 0)
 *
 * ADDRESS is an IPv4 or IPv6 literal. Output on stdout, one line:
 *
 *   connected C failed F span_s S
 *
 * C + F = N; S: seconds from the first connect() call to the return of the last one, over all
 * loops (CLOCK_MONOTONIC). Failures are listed by reason on stderr. Exit 0 when none failed,
 * 2 otherwise, 64 on bad arguments.
 *
 * Build: gcc -O2 -o connect-loop connect-loop.c    (Linux)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

#define MAX_SOURCES 1024
#define ERRNO_SLOTS 256

struct result {
    long connected;
    long failed;
    int64_t first_start;
    int64_t last_end;
    long failed_by_errno[ERRNO_SLOTS];
};

static struct sockaddr_storage target;
static socklen_t target_len;
static struct sockaddr_storage sources[MAX_SOURCES];
static socklen_t source_lens[MAX_SOURCES];
static int source_count;
static int pick_ports;
static int port_low = 32768, port_high = 60999;

static int64_t now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void usage(void) {
    fprintf(stderr, "usage: connect-loop [-n N] [-k K] [-s SOURCES] [-P] [-H MS] ADDRESS PORT\n");
    exit(64);
}

/* An IPv4 or IPv6 literal with a port into *ss; 0 when it is not one. */
static int parse_address(const char *text, int port, struct sockaddr_storage *ss, socklen_t *len) {
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) ss;
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t) port);
        *len = sizeof *v4;
        return 1;
    }
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t) port);
        *len = sizeof *v6;
        return 1;
    }
    return 0;
}

static void add_source(const struct sockaddr_storage *ss, socklen_t len) {
    if (source_count == MAX_SOURCES) {
        fprintf(stderr, "connect-loop: more than %d source addresses\n", MAX_SOURCES);
        exit(64);
    }
    sources[source_count] = *ss;
    source_lens[source_count++] = len;
}

/* "a,b,c" where each item is an address or an IPv4 range a.b.c.d-a.b.c.e. */
static void parse_sources(char *list) {
    for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
        struct sockaddr_storage ss, last;
        socklen_t len, last_len;
        char *dash = strchr(item, '-');
        if (dash) {
            *dash = '\0';
            if (!parse_address(item, 0, &ss, &len) || !parse_address(dash + 1, 0, &last, &last_len)
                    || ss.ss_family != AF_INET || last.ss_family != AF_INET) {
                fprintf(stderr, "connect-loop: -s: '%s-%s' is not an IPv4 range\n", item, dash + 1);
                exit(64);
            }
            uint32_t from = ntohl(((struct sockaddr_in *) &ss)->sin_addr.s_addr);
            uint32_t to = ntohl(((struct sockaddr_in *) &last)->sin_addr.s_addr);
            if (to < from || to - from >= MAX_SOURCES) {
                fprintf(stderr, "connect-loop: -s: range %s-%s is empty or too large\n", item, dash + 1);
                exit(64);
            }
            for (uint32_t a = from; a <= to; a++) {
                ((struct sockaddr_in *) &ss)->sin_addr.s_addr = htonl(a);
                add_source(&ss, len);
            }
        } else if (parse_address(item, 0, &ss, &len)) {
            add_source(&ss, len);
        } else {
            fprintf(stderr, "connect-loop: -s: '%s' is not an IP address\n", item);
            exit(64);
        }
    }
}

/*
 * -P: binds fd to a local port chosen here: the one after the last this loop bound (each loop
 * starts at its own share of the range), moving on past ports in use, so no connect() has to
 * search. 1 when bound.
 */
static long next_port = -1;

static int bind_next_port(int fd, long i, long first, long stride) {
    struct sockaddr_storage local;
    socklen_t len;
    if (source_count > 0) {
        local = sources[i % source_count];
        len = source_lens[i % source_count];
    } else {
        memset(&local, 0, sizeof local);
        local.ss_family = target.ss_family;
        len = target.ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
    }
    long span = port_high - port_low + 1;
    if (next_port < 0) {
        next_port = first * span / stride;
    }
    for (long tried = 0; tried < span; tried++) {
        int port = (int) (port_low + next_port);
        next_port = (next_port + 1) % span;
        if (local.ss_family == AF_INET) {
            ((struct sockaddr_in *) &local)->sin_port = htons((uint16_t) port);
        } else {
            ((struct sockaddr_in6 *) &local)->sin6_port = htons((uint16_t) port);
        }
        if (bind(fd, (struct sockaddr *) &local, len) == 0) {
            return 1;
        }
        if (errno != EADDRINUSE) {
            return 0;
        }
    }
    return 0;
}

/* One loop: connections first, first + stride, ... below n. Their descriptors go to fds. */
static void run_loop(long first, long stride, long n, int *fds, long *fd_count, struct result *r) {
    memset(r, 0, sizeof *r);
    *fd_count = 0;
    r->first_start = now_nanos();
    for (long i = first; i < n; i += stride) {
        int fd = socket(target.ss_family, SOCK_STREAM, 0);
        int ok = fd >= 0;
        if (ok && source_count > 0) {
            int s = (int) (i % source_count);
            int one = 1;
            ok = setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one) == 0
                    && bind(fd, (struct sockaddr *) &sources[s], source_lens[s]) == 0;
        }
        if (ok && pick_ports) {
            ok = bind_next_port(fd, i, first, stride);
        }
        ok = ok && connect(fd, (struct sockaddr *) &target, target_len) == 0;
        /* -P: a port bound here may still clash with another socket's four-tuple: the next one */
        for (int retry = 0; !ok && pick_ports && fd >= 0 && errno == EADDRINUSE && retry < 64; retry++) {
            close(fd);
            fd = socket(target.ss_family, SOCK_STREAM, 0);
            ok = fd >= 0 && bind_next_port(fd, i, first, stride)
                    && connect(fd, (struct sockaddr *) &target, target_len) == 0;
        }
        if (ok) {
            fds[(*fd_count)++] = fd;
            r->connected++;
        } else {
            r->failed++;
            r->failed_by_errno[errno < ERRNO_SLOTS ? errno : 0]++;
            if (fd >= 0) {
                close(fd);
            }
        }
    }
    r->last_end = now_nanos();
}

static void close_all(int *fds, long count) {
    struct linger lg = { 1, 0 };
    for (long i = 0; i < count; i++) {
        setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(fds[i]);
    }
}

static void read_fully(int fd, void *buf, size_t len) {
    char *p = buf;
    while (len > 0) {
        ssize_t got = read(fd, p, len);
        if (got <= 0) {
            if (got < 0 && errno == EINTR) {
                continue;
            }
            fprintf(stderr, "connect-loop: a loop ended without its result\n");
            exit(70);
        }
        p += got;
        len -= (size_t) got;
    }
}

int main(int argc, char **argv) {
    long n = 10000, k = 1, hold_ms = 0;
    int opt;
    while ((opt = getopt(argc, argv, "n:k:s:PH:")) != -1) {
        switch (opt) {
        case 'n':
            n = atol(optarg);
            break;
        case 'k':
            k = atol(optarg);
            break;
        case 's':
            parse_sources(optarg);
            break;
        case 'P':
            pick_ports = 1;
            break;
        case 'H':
            hold_ms = atol(optarg);
            break;
        default:
            usage();
        }
    }
    if (argc - optind != 2 || n < 1 || k < 1 || k > 256 || hold_ms < 0) {
        usage();
    }
    int port = atoi(argv[optind + 1]);
    if (port < 1 || port > 65535 || !parse_address(argv[optind], port, &target, &target_len)) {
        fprintf(stderr, "connect-loop: '%s %s' is not an IP address and port\n", argv[optind], argv[optind + 1]);
        exit(64);
    }
    for (int s = 0; s < source_count; s++) {
        if (sources[s].ss_family != target.ss_family) {
            fprintf(stderr, "connect-loop: source %d is not of the target's address family\n", s + 1);
            exit(64);
        }
    }

    FILE *range = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
    if (range) {
        if (fscanf(range, "%d %d", &port_low, &port_high) != 2) {
            port_low = 32768;
            port_high = 60999;
        }
        fclose(range);
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int *fds = malloc(sizeof *fds * (size_t) (n / k + 1));
    if (!fds) {
        perror("connect-loop: malloc");
        exit(70);
    }

    struct result total;
    long fd_count;
    if (k == 1) {
        run_loop(0, 1, n, fds, &fd_count, &total);
        if (hold_ms > 0) {
            usleep((useconds_t) hold_ms * 1000);
        }
        close_all(fds, fd_count);
    } else {
        /* go: closed by the parent once every loop is forked; done: closed once all reported. */
        int go[2], done[2], results[2];
        if (pipe(go) < 0 || pipe(done) < 0 || pipe(results) < 0) {
            perror("connect-loop: pipe");
            exit(70);
        }
        for (long j = 0; j < k; j++) {
            pid_t pid = fork();
            if (pid < 0) {
                perror("connect-loop: fork");
                exit(70);
            }
            if (pid == 0) {
                char c;
                close(go[1]);
                close(done[1]);
                close(results[0]);
                while (read(go[0], &c, 1) < 0 && errno == EINTR) {
                }
                struct result r;
                run_loop(j, k, n, fds, &fd_count, &r);
                if (write(results[1], &r, sizeof r) != (ssize_t) sizeof r) {
                    _exit(70);
                }
                while (read(done[0], &c, 1) < 0 && errno == EINTR) {
                }
                close_all(fds, fd_count);
                _exit(0);
            }
        }
        close(go[0]);
        close(done[0]);
        close(results[1]);
        close(go[1]); /* all loops start now */
        memset(&total, 0, sizeof total);
        for (long j = 0; j < k; j++) {
            struct result r;
            read_fully(results[0], &r, sizeof r);
            total.connected += r.connected;
            total.failed += r.failed;
            for (int e = 0; e < ERRNO_SLOTS; e++) {
                total.failed_by_errno[e] += r.failed_by_errno[e];
            }
            if (j == 0 || r.first_start < total.first_start) {
                total.first_start = r.first_start;
            }
            if (r.last_end > total.last_end) {
                total.last_end = r.last_end;
            }
        }
        if (hold_ms > 0) {
            usleep((useconds_t) hold_ms * 1000);
        }
        close(done[1]); /* every loop closes its connections and exits */
        while (wait(NULL) > 0 || errno == EINTR) {
        }
    }

    for (int e = 0; e < ERRNO_SLOTS; e++) {
        if (total.failed_by_errno[e] > 0) {
            fprintf(stderr, "connect-loop: %ld failed: %s\n", total.failed_by_errno[e], strerror(e));
        }
    }
    printf("connected %ld failed %ld span_s %.6f\n", total.connected, total.failed,
           (double) (total.last_end - total.first_start) / 1e9);
    return total.failed == 0 ? 0 : 2;
}
