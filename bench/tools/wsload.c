/*
 * wsload: the WebSocket fan-out load of bench/hub_bench.py. One thread, epoll, libc only.
 *
 *   cc -O2 -o wsload bench/tools/wsload.c
 *   wsload --url ws://127.0.0.1:PORT/PATH?QUERY -c N [--server-pid PID] ...
 *
 * Opens N client connections to a hub on loopback (at most --ramp new ones a second, at most
 * --inflight handshakes at a time), lets them settle, then one of:
 *   fan-out (--channel CH): PUBLISHes --rate events a second for --duration seconds to CH on
 *     Redis (--redis HOST:PORT). Each event is a ~110-byte JSON object of the shape of
 *     CONTRACT §5 whose data carries "seq" (its number) and "t_ns" (CLOCK_MONOTONIC when it
 *     was handed to Redis). Every text frame a client receives is read for those two: the
 *     delivery's latency is the receive time minus t_ns; a sequence number a connection
 *     has seen before counts as a duplicate. After publishing it waits up to --drain seconds
 *     for the rest. CPU seconds of --server-pid over publishing and draining are measured.
 *   idle (--hold S): holds the connections S seconds, answering pings. With --steps K the
 *     connections are opened in K waves and the hub's RSS is sampled after each, so the RSS
 *     per connection is the slope of RSS over open connections (what the hub's baseline
 *     does not blur).
 * Prints one JSON line on stdout (progress on stderr with -v). Every phase is bounded, and
 * --max-time caps the whole run. Refuses any address outside 127.0.0.0/8.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define TIMER_SLOT 0xFFFFFFFFu
#define REDIS_SLOT 0xFFFFFFFEu
#define MAX_FRAME (16u << 20)

static struct {
    struct sockaddr_in hub, redis;
    char host[64], target[1024], channel[256];
    long connections, inflight, steps, server_pid;
    double ramp, rate, duration, drain, hold, settle, connect_timeout, sub_wait, max_time;
    int verbose;
} opt = {.connections = 1000, .inflight = 256, .steps = 1, .ramp = 2000, .rate = 100, .duration = 10,
         .drain = 5, .hold = -1, .settle = 2, .connect_timeout = 10, .sub_wait = 10};

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void say(const char *format, ...) {
    if (!opt.verbose) return;
    va_list list;
    va_start(list, format);
    fputs("wsload: ", stderr);
    vfprintf(stderr, format, list);
    fputc('\n', stderr);
    va_end(list);
}

static void fail(const char *format, ...) {
    va_list list;
    va_start(list, format);
    fputs("wsload: ", stderr);
    vfprintf(stderr, format, list);
    fputc('\n', stderr);
    va_end(list);
    exit(2);
}

static void *grow(void *pointer, size_t bytes) {
    void *result = realloc(pointer, bytes ? bytes : 1);
    if (!result) fail("out of memory");
    return result;
}

/* ---- SHA-1 (FIPS 180-4) and base64, for Sec-WebSocket-Accept ---------------------------- */

static uint32_t rotl(uint32_t x, int n) { return x << n | x >> (32 - n); }

static void sha1_chunk(uint32_t h[5], const uint8_t *chunk) {
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)chunk[4 * i] << 24 | (uint32_t)chunk[4 * i + 1] << 16 | (uint32_t)chunk[4 * i + 2] << 8 |
               chunk[4 * i + 3];
    for (int i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
        uint32_t k = i < 20 ? 0x5A827999 : i < 40 ? 0x6ED9EBA1 : i < 60 ? 0x8F1BBCDC : 0xCA62C1D6;
        uint32_t next = rotl(a, 5) + f + e + k + w[i];
        e = d, d = c, c = rotl(b, 30), b = a, a = next;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

/* Short messages only (the accept key is 60 bytes): at most two chunks. */
static void sha1(const char *text, uint8_t digest[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    size_t length = strlen(text), padded = (length + 9 + 63) / 64 * 64;
    uint8_t block[128] = {0};
    if (padded > sizeof block) fail("sha1: input too long");
    memcpy(block, text, length);
    block[length] = 0x80;
    for (int i = 0; i < 8; i++) block[padded - 1 - i] = (uint8_t)((uint64_t)length * 8 >> (8 * i));
    for (size_t at = 0; at < padded; at += 64) sha1_chunk(h, block + at);
    for (int i = 0; i < 20; i++) digest[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}

static void base64(const uint8_t *data, size_t length, char *out) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < length; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < length ? data[i + 1] << 8 : 0) | (i + 2 < length ? data[i + 2] : 0);
        *out++ = alphabet[v >> 18 & 63];
        *out++ = alphabet[v >> 12 & 63];
        *out++ = i + 1 < length ? alphabet[v >> 6 & 63] : '=';
        *out++ = i + 2 < length ? alphabet[v & 63] : '=';
    }
    *out = 0;
}

/* ---- the hub process, from /proc ---------------------------------------------------------- */

static long hub_rss_kib(void) {
    char path[64], line[256];
    long kib = -1;
    snprintf(path, sizeof path, "/proc/%ld/status", opt.server_pid);
    FILE *file = opt.server_pid > 0 ? fopen(path, "r") : NULL;
    if (!file) return -1;
    while (fgets(line, sizeof line, file))
        if (sscanf(line, "VmRSS: %ld", &kib) == 1) break;
    fclose(file);
    return kib;
}

static double hub_cpu_s(void) {
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", opt.server_pid);
    FILE *file = opt.server_pid > 0 ? fopen(path, "r") : NULL;
    if (!file) return -1;
    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[length] = 0;
    /* The fields after the command name (which may hold spaces) start past the last ')'. */
    char *rest = strrchr(text, ')');
    unsigned long user = 0, system = 0;
    if (!rest || sscanf(rest + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user, &system) != 2) return -1;
    return (double)(user + system) / (double)sysconf(_SC_CLK_TCK);
}

/* CPU seconds this process has used: a load generator near a full core measures itself. */
static double own_cpu_s(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* ---- connections ------------------------------------------------------------------------- */

enum { IDLE, CONNECTING, HANDSHAKE, OPEN, CLOSED };

typedef struct {
    int fd;
    uint8_t state;
    uint64_t started;
    char accept[32];   /* the Sec-WebSocket-Accept the hub must answer */
    uint8_t *pending;  /* bytes of an incomplete frame or response head */
    uint32_t pending_length;
    uint8_t *seen;     /* one bit per sequence number (fan-out) */
} connection;

static connection *conns;
static int epoll_fd;
static long started, open_count, in_flight, failed_connect, failed_timeout, failed_handshake, closed_by_hub, closed_other;
static uint64_t frames, pings, protocol_errors;
static int measuring;  /* deliveries count only while publishing and draining */
static uint64_t planned, received, duplicates, unparsed, unexpected, last_receive;
static uint32_t *latencies_us;
static size_t latency_count, latency_capacity;

static void forget(connection *c) {
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    free(c->pending);
    c->pending = NULL;
    c->pending_length = 0;
}

static void drop(connection *c, long *counter) {
    if (c->state == CONNECTING || c->state == HANDSHAKE) in_flight--;
    if (c->state == OPEN) open_count--;
    (*counter)++;
    c->state = CLOSED;
    forget(c);
}

/* A client frame (masked, as RFC 6455 requires of clients); small control frames only. */
static void send_control(connection *c, int opcode, const uint8_t *payload, size_t length) {
    uint8_t frame[2 + 4 + 125];
    if (length > 125) length = 125;
    uint32_t mask = (uint32_t)random();
    frame[0] = (uint8_t)(0x80 | opcode);
    frame[1] = (uint8_t)(0x80 | length);
    memcpy(frame + 2, &mask, 4);
    for (size_t i = 0; i < length; i++) frame[6 + i] = payload[i] ^ frame[2 + i % 4];
    if (write(c->fd, frame, 6 + length) < 0) { /* the read side will see the end */ }
}

/* Reads the unsigned number after "key": in a JSON text; 0 if absent. */
static int number_after(const uint8_t *text, size_t length, const char *key, uint64_t *value) {
    size_t key_length = strlen(key);
    const uint8_t *at = text, *end = text + length;
    while ((at = memmem(at, (size_t)(end - at), key, key_length))) {
        const uint8_t *p = at + key_length;
        at = p;
        while (p < end && (*p == ' ' || *p == ':')) p++;
        if (p == at || p >= end || *p < '0' || *p > '9') continue;
        uint64_t n = 0;
        while (p < end && *p >= '0' && *p <= '9') n = n * 10 + (uint64_t)(*p++ - '0');
        *value = n;
        return 1;
    }
    return 0;
}

static void delivered(connection *c, const uint8_t *payload, size_t length, uint64_t now) {
    if (!measuring) return;
    uint64_t sequence, sent;
    if (!number_after(payload, length, "\"seq\"", &sequence) || !number_after(payload, length, "\"t_ns\"", &sent)) {
        unparsed++;
        return;
    }
    if (sequence >= planned || !c->seen) { unexpected++; return; }
    uint8_t bit = (uint8_t)(1u << (sequence & 7));
    if (c->seen[sequence >> 3] & bit) { duplicates++; return; }
    c->seen[sequence >> 3] |= bit;
    received++;
    last_receive = now;
    if (latency_count == latency_capacity) {
        latency_capacity = latency_capacity ? latency_capacity * 2 : 1 << 20;
        latencies_us = grow(latencies_us, latency_capacity * sizeof *latencies_us);
    }
    uint64_t us = now > sent ? (now - sent) / 1000 : 0;
    latencies_us[latency_count++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

/* Handles the complete frames at the start of data; returns the bytes used, -1 to drop. */
static long frames_in(connection *c, const uint8_t *data, size_t length, uint64_t now) {
    size_t at = 0;
    while (length - at >= 2) {
        const uint8_t *p = data + at;
        int opcode = p[0] & 0x0F;
        uint64_t size = p[1] & 0x7F;
        size_t head = 2;
        if (p[1] & 0x80) return -1; /* a server must not mask */
        if (size == 126) {
            if (length - at < 4) break;
            size = (uint64_t)p[2] << 8 | p[3];
            head = 4;
        } else if (size == 127) {
            if (length - at < 10) break;
            size = 0;
            for (int i = 0; i < 8; i++) size = size << 8 | p[2 + i];
            head = 10;
        }
        if (size > MAX_FRAME) return -1;
        if (length - at < head + size) break;
        const uint8_t *payload = p + head;
        frames++;
        switch (opcode) {
        case 0x0: case 0x1: case 0x2: delivered(c, payload, size, now); break;
        case 0x8: send_control(c, 0x8, payload, size < 2 ? size : 2); return -2;
        case 0x9: pings++; send_control(c, 0xA, payload, size); break;
        case 0xA: break;
        default: return -1;
        }
        at += head + size;
    }
    return (long)at;
}

static int handshake_in(connection *c) {
    uint8_t *end = memmem(c->pending, c->pending_length, "\r\n\r\n", 4);
    if (!end) return c->pending_length > 16384 ? -1 : 0;
    *end = 0;
    const char *head = (const char *)c->pending;
    const char *accept = strcasestr(head, "\r\nSec-WebSocket-Accept:");
    if (strncmp(head, "HTTP/1.1 101", 12) || !accept) {
        say("handshake refused: %.80s", head);
        return -1;
    }
    accept += strlen("\r\nSec-WebSocket-Accept:");
    while (*accept == ' ') accept++;
    if (strncmp(accept, c->accept, strlen(c->accept))) return -1;
    size_t used = (size_t)(end + 4 - c->pending);
    memmove(c->pending, c->pending + used, c->pending_length - used);
    c->pending_length -= (uint32_t)used;
    c->state = OPEN;
    in_flight--;
    open_count++;
    return 1;
}

static void send_handshake(connection *c) {
    uint8_t nonce[16], digest[20];
    char key[32], request[1400], joined[96];
    for (int i = 0; i < 16; i++) nonce[i] = (uint8_t)random();
    base64(nonce, 16, key);
    snprintf(joined, sizeof joined, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    sha1(joined, digest);
    base64(digest, 20, c->accept);
    int length = snprintf(request, sizeof request,
                          "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n",
                          opt.target, opt.host, key);
    if (write(c->fd, request, (size_t)length) != length) { drop(c, &failed_handshake); return; }
    c->state = HANDSHAKE;
    struct epoll_event event = {.events = EPOLLIN, .data.u32 = (uint32_t)(c - conns)};
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &event);
}

static void open_connection(long index) {
    connection *c = &conns[index];
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    started++;
    in_flight++;
    c->state = CONNECTING;
    c->started = now_ns();
    if (c->fd < 0) { c->state = CLOSED; in_flight--; failed_connect++; return; }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event event = {.events = EPOLLOUT | EPOLLIN, .data.u32 = (uint32_t)index};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &event);
    if (connect(c->fd, (struct sockaddr *)&opt.hub, sizeof opt.hub) < 0 && errno != EINPROGRESS) drop(c, &failed_connect);
}

static uint8_t scratch[256 * 1024];

static void connection_event(connection *c, uint32_t events, uint64_t now) {
    if (c->state == CONNECTING) {
        int error = 0;
        socklen_t size = sizeof error;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error || (events & (EPOLLERR | EPOLLHUP))) { drop(c, &failed_connect); return; }
        if (events & EPOLLOUT) send_handshake(c);
        return;
    }
    if (c->state != HANDSHAKE && c->state != OPEN) return;
    for (;;) {
        ssize_t got = read(c->fd, scratch, sizeof scratch);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
        if (got <= 0) {
            drop(c, c->state == OPEN ? &closed_by_hub : &failed_handshake);
            return;
        }
        const uint8_t *data = scratch;
        size_t length = (size_t)got;
        if (c->pending_length || c->state == HANDSHAKE) {
            c->pending = grow(c->pending, c->pending_length + length + 1);
            memcpy(c->pending + c->pending_length, scratch, length);
            c->pending_length += (uint32_t)length;
            if (c->state == HANDSHAKE) {
                int state = handshake_in(c);
                if (state < 0) { drop(c, &failed_handshake); return; }
                if (state == 0) continue;
            }
            data = c->pending;
            length = c->pending_length;
        }
        long used = frames_in(c, data, length, now);
        if (used < 0) {
            if (used == -1) protocol_errors++;
            drop(c, used == -2 ? &closed_by_hub : &closed_other);
            return;
        }
        size_t left = length - (size_t)used;
        if (data == c->pending) {
            memmove(c->pending, c->pending + used, left);
        } else if (left) {
            c->pending = grow(c->pending, left);
            memcpy(c->pending, data + used, left);
        }
        c->pending_length = (uint32_t)left;
        if (!left) { free(c->pending); c->pending = NULL; }
    }
}

/* ---- Redis (RESP over a plain socket) ------------------------------------------------------ */

static int redis_fd = -1;
static char *redis_out;
static size_t redis_out_length, redis_out_capacity;
static char redis_in[65536];
static size_t redis_in_length;
static uint64_t published, acknowledged, receivers_sum, publish_errors;

static void redis_queue(const char *argv[], int argc, const size_t lengths[]) {
    size_t need = 32;
    for (int i = 0; i < argc; i++) need += lengths[i] + 32;
    if (redis_out_length + need > redis_out_capacity) {
        redis_out_capacity = (redis_out_length + need) * 2;
        redis_out = grow(redis_out, redis_out_capacity);
    }
    redis_out_length += (size_t)sprintf(redis_out + redis_out_length, "*%d\r\n", argc);
    for (int i = 0; i < argc; i++) {
        redis_out_length += (size_t)sprintf(redis_out + redis_out_length, "$%zu\r\n", lengths[i]);
        memcpy(redis_out + redis_out_length, argv[i], lengths[i]);
        redis_out_length += lengths[i];
        memcpy(redis_out + redis_out_length, "\r\n", 2);
        redis_out_length += 2;
    }
}

static void redis_flush(void) {
    while (redis_out_length) {
        ssize_t wrote = write(redis_fd, redis_out, redis_out_length);
        if (wrote < 0 && (errno == EAGAIN || errno == EINTR)) return;
        if (wrote <= 0) fail("writing to Redis: %s", strerror(errno));
        memmove(redis_out, redis_out + wrote, redis_out_length - (size_t)wrote);
        redis_out_length -= (size_t)wrote;
    }
}

/* Reads the replies to PUBLISH (integers: how many subscribers got it). */
static void redis_read(void) {
    for (;;) {
        ssize_t got = read(redis_fd, redis_in + redis_in_length, sizeof redis_in - redis_in_length);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) break;
        if (got <= 0) fail("Redis closed the connection");
        redis_in_length += (size_t)got;
        char *line = redis_in, *end;
        while ((end = memmem(line, redis_in_length - (size_t)(line - redis_in), "\r\n", 2))) {
            if (*line == ':') { acknowledged++; receivers_sum += strtoull(line + 1, NULL, 10); }
            else publish_errors++;
            line = end + 2;
        }
        redis_in_length -= (size_t)(line - redis_in);
        memmove(redis_in, line, redis_in_length);
    }
}

/* PUBSUB NUMSUB channel, blocking (before publishing starts). */
static long subscribers(void) {
    const char *argv[] = {"PUBSUB", "NUMSUB", opt.channel};
    size_t lengths[] = {6, 6, strlen(opt.channel)};
    redis_queue(argv, 3, lengths);
    redis_flush();
    char reply[512];
    size_t length = 0;
    while (length < sizeof reply - 1) {
        ssize_t got = read(redis_fd, reply + length, sizeof reply - 1 - length);
        if (got <= 0) fail("no answer from Redis to PUBSUB NUMSUB");
        length += (size_t)got;
        reply[length] = 0;
        /* *2 $len channel :count — complete once the count's line is (the channel name may
         * hold ':', so look for the line that starts with it). */
        char *count = NULL, *at = reply;
        while ((at = strstr(at, "\r\n:"))) count = at += 2;
        if (count && strstr(count, "\r\n")) return strtol(count + 1, NULL, 10);
    }
    return -1;
}

/* ---- the run ------------------------------------------------------------------------------- */

static volatile sig_atomic_t interrupted;
static void on_signal(int number) { (void)number; interrupted = 1; }
static uint64_t deadline;
static int timer_ready, redis_ready, hard_stop;

static void poll_once(int timeout_ms) {
    static struct epoll_event events[4096];
    int count = epoll_wait(epoll_fd, events, 4096, timeout_ms);
    uint64_t now = now_ns();
    for (int i = 0; i < count; i++) {
        uint32_t slot = events[i].data.u32;
        if (slot == TIMER_SLOT) timer_ready = 1;
        else if (slot == REDIS_SLOT) redis_ready = 1;
        else connection_event(&conns[slot], events[i].events, now);
    }
    if (now > deadline || interrupted) hard_stop = 1;
}

static void wait_seconds(double seconds) {
    uint64_t end = now_ns() + (uint64_t)(seconds * 1e9);
    while (!hard_stop && now_ns() < end) poll_once(50);
}

static void expire_handshakes(long upto, uint64_t now) {
    uint64_t limit = (uint64_t)(opt.connect_timeout * 1e9);
    for (long i = 0; i < upto; i++)
        if ((conns[i].state == CONNECTING || conns[i].state == HANDSHAKE) && now > conns[i].started &&
            now - conns[i].started > limit)
            drop(&conns[i], &failed_timeout);
}

static int compare_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static double percentile_us(double p) {
    if (!latency_count) return 0;
    size_t rank = (size_t)(p * (double)latency_count + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > latency_count) rank = latency_count;
    return latencies_us[rank - 1];
}

static void usage(void) {
    fputs("usage: wsload --url ws://127.0.0.1:PORT/PATH?QUERY [options]\n"
          "  -c, --connections N   connections (1000)         --ramp R      new connections/s (2000)\n"
          "  --inflight K          handshakes at once (256)   --settle S    pause after connecting (2)\n"
          "  --connect-timeout S   per connection (10)        --server-pid P  the hub, for RSS and CPU\n"
          "  fan-out: --channel CH --redis HOST:PORT (127.0.0.1:6379) --rate M (100/s) --duration T (10 s)\n"
          "           --drain S (5) --sub-wait S (10: wait for the hub's subscription)\n"
          "  idle:    --hold S  --steps K (connect in K waves, RSS sampled after each)\n"
          "  --max-time S  hard cap on the run   -v  progress on stderr\n",
          stderr);
    exit(2);
}

static void parse_address(const char *text, int default_port, struct sockaddr_in *address, char *host, size_t host_size) {
    char buffer[256];
    snprintf(buffer, sizeof buffer, "%s", text);
    char *colon = strrchr(buffer, ':');
    int port = default_port;
    if (colon) { *colon = 0; port = atoi(colon + 1); }
    if (!strcmp(buffer, "localhost")) snprintf(buffer, sizeof buffer, "127.0.0.1");
    memset(address, 0, sizeof *address);
    address->sin_family = AF_INET;
    address->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, buffer, &address->sin_addr) != 1) fail("%s: not an IPv4 address", buffer);
    if ((ntohl(address->sin_addr.s_addr) >> 24) != 127) fail("%s: only loopback addresses are allowed", buffer);
    if (host) snprintf(host, host_size, "%s", text);
}

static void parse_url(const char *url) {
    if (strncmp(url, "ws://", 5)) fail("--url must start with ws://");
    const char *authority = url + 5, *path = strpbrk(authority, "/?");
    char host[256];
    size_t length = path ? (size_t)(path - authority) : strlen(authority);
    if (length >= sizeof host) fail("--url: host too long");
    memcpy(host, authority, length);
    host[length] = 0;
    parse_address(host, 80, &opt.hub, opt.host, sizeof opt.host);
    snprintf(opt.target, sizeof opt.target, "%s%s", path && *path == '?' ? "/" : "", path ? path : "/");
}

int main(int argc, char **argv) {
    static const struct option options[] = {
        {"url", 1, 0, 'u'}, {"connections", 1, 0, 'c'}, {"ramp", 1, 0, 'r'}, {"inflight", 1, 0, 'i'},
        {"settle", 1, 0, 's'}, {"connect-timeout", 1, 0, 't'}, {"server-pid", 1, 0, 'p'}, {"channel", 1, 0, 'C'},
        {"redis", 1, 0, 'R'}, {"rate", 1, 0, 'M'}, {"duration", 1, 0, 'D'}, {"drain", 1, 0, 'd'},
        {"sub-wait", 1, 0, 'w'}, {"hold", 1, 0, 'H'}, {"steps", 1, 0, 'S'}, {"max-time", 1, 0, 'x'},
        {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    int have_url = 0, option;
    parse_address("127.0.0.1:6379", 6379, &opt.redis, NULL, 0);
    while ((option = getopt_long(argc, argv, "u:c:vh", options, NULL)) != -1) {
        switch (option) {
        case 'u': parse_url(optarg); have_url = 1; break;
        case 'c': opt.connections = atol(optarg); break;
        case 'r': opt.ramp = atof(optarg); break;
        case 'i': opt.inflight = atol(optarg); break;
        case 's': opt.settle = atof(optarg); break;
        case 't': opt.connect_timeout = atof(optarg); break;
        case 'p': opt.server_pid = atol(optarg); break;
        case 'C': snprintf(opt.channel, sizeof opt.channel, "%s", optarg); break;
        case 'R': parse_address(optarg, 6379, &opt.redis, NULL, 0); break;
        case 'M': opt.rate = atof(optarg); break;
        case 'D': opt.duration = atof(optarg); break;
        case 'd': opt.drain = atof(optarg); break;
        case 'w': opt.sub_wait = atof(optarg); break;
        case 'H': opt.hold = atof(optarg); break;
        case 'S': opt.steps = atol(optarg); break;
        case 'x': opt.max_time = atof(optarg); break;
        case 'v': opt.verbose = 1; break;
        default: usage();
        }
    }
    if (!have_url || opt.connections < 1 || opt.ramp <= 0 || opt.inflight < 1 || opt.rate <= 0) usage();
    if (opt.steps < 1) opt.steps = 1;
    if (opt.steps > 64) opt.steps = 64;
    int fanout = opt.channel[0] != 0;
    if (opt.max_time <= 0)
        opt.max_time = 30 + opt.connections / opt.ramp + opt.connect_timeout + opt.settle * (double)(opt.steps + 1) +
                       (fanout ? opt.sub_wait + opt.duration + opt.drain : 0) + (opt.hold > 0 ? opt.hold : 0);

    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    rlim_t want = (rlim_t)opt.connections + 64;
    if (limit.rlim_cur < want) {
        limit.rlim_cur = want < limit.rlim_max ? want : limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    srandom((unsigned)now_ns());
    conns = calloc((size_t)opt.connections, sizeof *conns);
    if (!conns) fail("out of memory");
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    uint64_t t0 = now_ns();
    deadline = t0 + (uint64_t)(opt.max_time * 1e9);

    /* Connect, in waves (one unless --steps), sampling the hub's RSS after each. */
    long rss_before = hub_rss_kib(), wave_open[64] = {0}, next = 0;
    double wave_rss[64] = {0}, cpu_before_connect = hub_cpu_s(), connect_phase_s = 0;
    for (long wave = 0; wave < opt.steps && !hard_stop; wave++) {
        long target = opt.connections * (wave + 1) / opt.steps, base = next;
        uint64_t wave_start = now_ns(), last_scan = wave_start, last_log = wave_start;
        while (!hard_stop && (next < target || in_flight > 0)) {
            uint64_t now = now_ns();
            long allowed = base + (long)((double)(now - wave_start) / 1e9 * opt.ramp) + 1;
            if (allowed > target) allowed = target;
            while (next < allowed && in_flight < opt.inflight) open_connection(next++);
            if (now - last_scan > 100000000u) { last_scan = now; expire_handshakes(next, now); }
            if (now - last_log > 1000000000u) {
                last_log = now;
                say("connecting: %ld open, %ld in flight", open_count, in_flight);
            }
            poll_once(next < target ? 1 : 10);
        }
        connect_phase_s += (double)(now_ns() - wave_start) / 1e9;
        wait_seconds(opt.settle);
        wave_open[wave] = open_count;
        wave_rss[wave] = (double)hub_rss_kib();
        say("wave %ld: %ld open, hub RSS %.0f KiB", wave + 1, open_count, wave_rss[wave]);
    }
    long connected = open_count, rss_after_connect = hub_rss_kib();
    double cpu_after_connect = hub_cpu_s(), cpu_publish = -1, own_cpu_publish = -1, publish_wall = 0, window = 0;
    long hub_subscribers = -1;
    uint64_t expected = 0;

    if (fanout && !hard_stop) {
        redis_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct timeval timeout = {.tv_sec = 2};
        setsockopt(redis_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        if (connect(redis_fd, (struct sockaddr *)&opt.redis, sizeof opt.redis) < 0)
            fail("cannot reach Redis: %s", strerror(errno));
        uint64_t wait_end = now_ns() + (uint64_t)(opt.sub_wait * 1e9);
        while ((hub_subscribers = subscribers()) < 1 && now_ns() < wait_end && !hard_stop) wait_seconds(0.1);
        say("%ld subscriber(s) on %s", hub_subscribers, opt.channel);
        fcntl(redis_fd, F_SETFL, fcntl(redis_fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event redis_event = {.events = EPOLLIN, .data.u32 = REDIS_SLOT};
        epoll_ctl(epoll_fd, EPOLL_CTL_ADD, redis_fd, &redis_event);

        planned = (uint64_t)(opt.rate * opt.duration + 0.5);
        for (long i = 0; i < opt.connections; i++)
            if (conns[i].state == OPEN) conns[i].seen = calloc((size_t)(planned + 7) / 8, 1);
        int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        /* One tick per event up to 1,000/s; above that several events per 1 ms tick. */
        uint64_t tick = (uint64_t)(1e9 / opt.rate);
        if (tick < 1000000) tick = 1000000;
        struct itimerspec period = {.it_interval = {(time_t)(tick / 1000000000u), (long)(tick % 1000000000u)},
                                    .it_value = {0, 1000}};
        struct epoll_event timer_event = {.events = EPOLLIN, .data.u32 = TIMER_SLOT};
        epoll_ctl(epoll_fd, EPOLL_CTL_ADD, timer, &timer_event);

        long open_at_start = open_count;
        double cpu0 = hub_cpu_s(), own0 = own_cpu_s();
        uint64_t publish_start = now_ns(), publish_end = publish_start + (uint64_t)(opt.duration * 1e9) + 2000000000u;
        measuring = 1;
        timerfd_settime(timer, 0, &period, NULL);
        while (!hard_stop && published < planned && now_ns() < publish_end) {
            poll_once(100);
            if (timer_ready) {
                uint64_t expirations;
                timer_ready = 0;
                if (read(timer, &expirations, sizeof expirations) < 0) { /* drained */ }
                /* By the schedule, not the tick count: a late tick catches up. */
                uint64_t due = (uint64_t)((double)(now_ns() - publish_start) / 1e9 * opt.rate) + 1;
                if (due > planned) due = planned;
                for (; published < due; published++) {
                    char payload[256], stamp[32];
                    time_t wall = time(NULL);
                    struct tm parts;
                    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", gmtime_r(&wall, &parts));
                    int length = snprintf(payload, sizeof payload,
                                          "{\"type\":\"broadcast\",\"timestamp\":\"%s\",\"data\":{\"message\":"
                                          "\"fan-out bench\",\"seq\":%llu,\"t_ns\":%llu}}",
                                          stamp, (unsigned long long)published, (unsigned long long)now_ns());
                    const char *argv_publish[] = {"PUBLISH", opt.channel, payload};
                    size_t lengths[] = {7, strlen(opt.channel), (size_t)length};
                    redis_queue(argv_publish, 3, lengths);
                }
                redis_flush();
            }
            if (redis_ready) { redis_ready = 0; redis_read(); }
        }
        for (int i = 0; i < 200 && redis_out_length; i++) { redis_flush(); poll_once(5); }
        publish_wall = (double)(now_ns() - publish_start) / 1e9;
        timerfd_settime(timer, 0, &(struct itimerspec){0}, NULL);
        expected = published * (uint64_t)open_at_start;
        uint64_t drain_end = now_ns() + (uint64_t)(opt.drain * 1e9);
        while (!hard_stop && received < expected && now_ns() < drain_end) {
            poll_once(20);
            if (redis_ready) { redis_ready = 0; redis_read(); }
        }
        measuring = 0;
        double cpu1 = hub_cpu_s();
        cpu_publish = cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1;
        own_cpu_publish = own_cpu_s() - own0;
        close(timer);
        say("published %llu, received %llu of %llu", (unsigned long long)published, (unsigned long long)received,
            (unsigned long long)expected);
        /* deliveries/s over the window from the first PUBLISH to the last delivery */
        window = last_receive > publish_start ? (double)(last_receive - publish_start) / 1e9 : 0;
    } else if (opt.hold > 0) {
        wait_seconds(opt.hold);
    }
    long rss_end = hub_rss_kib();

    /* RSS per connection: the least-squares slope of RSS over open connections across the
     * waves (with one wave, the growth from before connecting). */
    double slope = -1;
    if (opt.steps >= 2) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (long i = 0; i < opt.steps; i++) {
            if (wave_rss[i] < 0) continue;
            n++, sx += (double)wave_open[i], sy += wave_rss[i];
            sxx += (double)wave_open[i] * (double)wave_open[i], sxy += (double)wave_open[i] * wave_rss[i];
        }
        if (n >= 2 && n * sxx - sx * sx > 0) slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    } else if (rss_before >= 0 && rss_after_connect >= 0 && connected > 0) {
        slope = (double)(rss_after_connect - rss_before) / (double)connected;
    }
    qsort(latencies_us, latency_count, sizeof *latencies_us, compare_u32);
    printf("{\"tool\":\"switchboard-wsload\",\"mode\":\"%s\",\"target_connections\":%ld,\"connections\":%ld,"
           "\"connect_failures\":%ld,\"fail_connect\":%ld,\"fail_timeout\":%ld,\"fail_handshake\":%ld,"
           "\"connect_phase_s\":%.3f,\"server_cpu_s_connect\":%.3f",
           fanout ? "fanout" : opt.hold > 0 ? "idle" : "connect", opt.connections, connected,
           failed_connect + failed_timeout + failed_handshake + (opt.connections - started), failed_connect,
           failed_timeout, failed_handshake, connect_phase_s,
           cpu_before_connect >= 0 && cpu_after_connect >= 0 ? cpu_after_connect - cpu_before_connect : -1.0);
    if (fanout)
        printf(",\"subscribers\":%ld,\"rate\":%.1f,\"published\":%llu,\"publish_acked\":%llu,\"publish_receivers_sum\":%llu,"
               "\"publish_errors\":%llu,\"expected\":%llu,\"received\":%llu,\"lost\":%llu,\"duplicates\":%llu,"
               "\"unparsed\":%llu,\"unexpected\":%llu,\"lat_us_p50\":%.1f,\"lat_us_p90\":%.1f,\"lat_us_p99\":%.1f,"
               "\"lat_us_max\":%.1f,\"deliveries_per_s\":%.0f,\"publish_wall_s\":%.3f,\"server_cpu_s_publish\":%.3f,"
               "\"client_cpu_s_publish\":%.3f",
               hub_subscribers, opt.rate, (unsigned long long)published, (unsigned long long)acknowledged,
               (unsigned long long)receivers_sum, (unsigned long long)publish_errors, (unsigned long long)expected,
               (unsigned long long)received, (unsigned long long)(expected > received ? expected - received : 0),
               (unsigned long long)duplicates, (unsigned long long)unparsed, (unsigned long long)unexpected,
               percentile_us(0.50), percentile_us(0.90), percentile_us(0.99), percentile_us(1.0), window > 0 ? (double)received / window : 0.0, publish_wall, cpu_publish,
               own_cpu_publish);
    printf(",\"server_rss_kb_before\":%ld,\"server_rss_kb_after_connect\":%ld,\"server_rss_kb_end\":%ld,"
           "\"server_rss_kb_per_conn_slope\":%.2f,\"steps_open\":[",
           rss_before, rss_after_connect, rss_end, slope);
    for (long i = 0; i < opt.steps; i++) printf("%s%ld", i ? "," : "", wave_open[i]);
    printf("],\"closed_by_server\":%ld,\"closed_other\":%ld,\"open_at_end\":%ld,\"pings\":%llu,\"frames\":%llu,"
           "\"protocol_errors\":%llu,\"wall_s\":%.3f,\"hard_stop\":%s}\n",
           closed_by_hub, closed_other, open_count, (unsigned long long)pings, (unsigned long long)frames,
           (unsigned long long)protocol_errors, (double)(now_ns() - t0) / 1e9, hard_stop ? "true" : "false");
    return 0;
}
