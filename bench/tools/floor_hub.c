/*
 * floor_hub: the floor under notify-hub in bench/hub_bench.py — the least a hub can do on
 * this machine. One thread, epoll: SUBSCRIBEs to one Redis channel and writes every message
 * it gets there, framed once as a WebSocket text frame, to every upgraded client. No token,
 * no replay, no pings; what clients send is ignored except a close frame or the end of the
 * connection. A client whose unsent bytes pass 8 MiB is dropped rather than grown.
 *
 *   cc -O2 -o floor_hub bench/tools/floor_hub.c
 *   floor_hub PORT CHANNEL [REDIS_PORT]    (listens on 127.0.0.1:PORT; Redis on 127.0.0.1, 6379)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FD (1 << 17)
#define MAX_BACKLOG (8u << 20)

typedef struct {
    uint8_t used, upgraded;
    char *in;           /* request head until upgraded */
    size_t in_length;
    uint8_t *out;       /* bytes not yet written */
    size_t out_length, out_capacity;
    int slot;           /* index in `clients` once upgraded */
} client;

static client table[MAX_FD];
static int clients[MAX_FD], client_count;
static int epoll_fd, listener, redis_fd;

static void fail(const char *what) {
    perror(what);
    exit(1);
}

/* ---- SHA-1 (FIPS 180-4) and base64, for Sec-WebSocket-Accept ------------------------------ */

static uint32_t rotl(uint32_t x, int n) { return x << n | x >> (32 - n); }

static void sha1(const char *text, uint8_t digest[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    uint8_t block[128] = {0};
    size_t length = strlen(text), padded = (length + 9 + 63) / 64 * 64;
    if (padded > sizeof block) return;
    memcpy(block, text, length);
    block[length] = 0x80;
    for (int i = 0; i < 8; i++) block[padded - 1 - i] = (uint8_t)((uint64_t)length * 8 >> (8 * i));
    for (size_t at = 0; at < padded; at += 64) {
        uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)block[at + 4 * i] << 24 | (uint32_t)block[at + 4 * i + 1] << 16 |
                   (uint32_t)block[at + 4 * i + 2] << 8 | block[at + 4 * i + 3];
        for (int i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        for (int i = 0; i < 80; i++) {
            uint32_t f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
            uint32_t k = i < 20 ? 0x5A827999 : i < 40 ? 0x6ED9EBA1 : i < 60 ? 0x8F1BBCDC : 0xCA62C1D6;
            uint32_t next = rotl(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rotl(b, 30), b = a, a = next;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
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

/* ---- clients ------------------------------------------------------------------------------ */

static void drop(int fd) {
    client *c = &table[fd];
    if (c->upgraded) {
        int last = clients[--client_count];
        clients[c->slot] = last;
        table[last].slot = c->slot;
    }
    free(c->in);
    free(c->out);
    memset(c, 0, sizeof *c);
    close(fd);
}

/* Writes what it can; keeps the rest and asks for EPOLLOUT. Returns -1 if the client went. */
static int send_bytes(int fd, const uint8_t *data, size_t length) {
    client *c = &table[fd];
    if (!c->out_length) {
        ssize_t wrote = write(fd, data, length);
        if (wrote < 0 && errno != EAGAIN) { drop(fd); return -1; }
        if (wrote > 0) data += wrote, length -= (size_t)wrote;
        if (!length) return 0;
    }
    if (c->out_length + length > MAX_BACKLOG) { drop(fd); return -1; }
    if (c->out_length + length > c->out_capacity) {
        c->out_capacity = (c->out_length + length) * 2;
        c->out = realloc(c->out, c->out_capacity);
        if (!c->out) fail("realloc");
    }
    memcpy(c->out + c->out_length, data, length);
    c->out_length += length;
    struct epoll_event event = {.events = EPOLLIN | EPOLLOUT, .data.fd = fd};
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &event);
    return 0;
}

static void flush_client(int fd) {
    client *c = &table[fd];
    ssize_t wrote = write(fd, c->out, c->out_length);
    if (wrote < 0) { if (errno != EAGAIN) drop(fd); return; }
    memmove(c->out, c->out + wrote, c->out_length - (size_t)wrote);
    c->out_length -= (size_t)wrote;
    if (!c->out_length) {
        struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &event);
    }
}

static void upgrade(int fd) {
    client *c = &table[fd];
    const char *key = strcasestr(c->in, "\r\nSec-WebSocket-Key:");
    if (!key) { drop(fd); return; }
    key += strlen("\r\nSec-WebSocket-Key:");
    while (*key == ' ') key++;
    size_t key_length = strcspn(key, "\r\n ");
    char joined[128], accept[32], answer[256];
    uint8_t digest[20];
    if (key_length > 64) { drop(fd); return; }
    snprintf(joined, sizeof joined, "%.*s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", (int)key_length, key);
    sha1(joined, digest);
    base64(digest, 20, accept);
    int length = snprintf(answer, sizeof answer,
                          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
    free(c->in);
    c->in = NULL;
    c->in_length = 0;
    c->upgraded = 1;
    c->slot = client_count;
    clients[client_count++] = fd;
    send_bytes(fd, (const uint8_t *)answer, (size_t)length);
}

static void client_readable(int fd) {
    client *c = &table[fd];
    char buffer[16384];
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EAGAIN) return;
    if (got <= 0) { drop(fd); return; }
    if (c->upgraded) {
        /* Only a close frame matters (its opcode is in the first byte of a frame; frames
         * from the load generator are small, so one read holds whole ones). */
        if ((buffer[0] & 0x0F) == 0x8) drop(fd);
        return;
    }
    if (c->in_length + (size_t)got > 16384) { drop(fd); return; }
    c->in = realloc(c->in, c->in_length + (size_t)got + 1);
    if (!c->in) fail("realloc");
    memcpy(c->in + c->in_length, buffer, (size_t)got);
    c->in_length += (size_t)got;
    c->in[c->in_length] = 0;
    if (strstr(c->in, "\r\n\r\n")) upgrade(fd);
}

/* ---- Redis -------------------------------------------------------------------------------- */

static char *redis_in;
static size_t redis_length, redis_capacity;

static void broadcast(const char *payload, size_t length) {
    uint8_t head[10];
    size_t head_length;
    head[0] = 0x81;
    if (length < 126) { head[1] = (uint8_t)length; head_length = 2; }
    else if (length < 65536) { head[1] = 126; head[2] = (uint8_t)(length >> 8); head[3] = (uint8_t)length; head_length = 4; }
    else {
        head[1] = 127;
        for (int i = 0; i < 8; i++) head[2 + i] = (uint8_t)((uint64_t)length >> (56 - 8 * i));
        head_length = 10;
    }
    /* Framed once; each client gets the same bytes. */
    static uint8_t *frame;
    static size_t frame_capacity;
    if (head_length + length > frame_capacity) {
        frame_capacity = (head_length + length) * 2;
        frame = realloc(frame, frame_capacity);
        if (!frame) fail("realloc");
    }
    memcpy(frame, head, head_length);
    memcpy(frame + head_length, payload, length);
    /* Backwards: a client dropped mid-loop is replaced in its slot by the last one. */
    for (int i = client_count - 1; i >= 0; i--) {
        if (i >= client_count) continue;
        send_bytes(clients[i], frame, head_length + length);
    }
}

/* Parses one RESP value at p (arrays of bulk strings and integers are all Redis sends here);
 * returns the bytes it takes, 0 if incomplete. For a pub/sub message, broadcasts it. */
static size_t redis_value(const char *p, size_t available) {
    const char *line_end = memmem(p, available, "\r\n", 2);
    if (!line_end) return 0;
    size_t used = (size_t)(line_end + 2 - p);
    if (*p != '*') {
        if (*p != '$') return used;
        long length = strtol(p + 1, NULL, 10);
        if (length < 0) return used;
        return available - used >= (size_t)length + 2 ? used + (size_t)length + 2 : 0;
    }
    long items = strtol(p + 1, NULL, 10);
    const char *parts[3] = {0};
    size_t lengths[3] = {0};
    for (long i = 0; i < items; i++) {
        size_t item = redis_value(p + used, available - used);
        if (!item) return 0;
        if (i < 3 && p[used] == '$') {
            const char *body = memmem(p + used, item, "\r\n", 2) + 2;
            parts[i] = body;
            lengths[i] = item - (size_t)(body - (p + used)) - 2;
        }
        used += item;
    }
    if (items == 3 && parts[0] && lengths[0] == 7 && !memcmp(parts[0], "message", 7) && parts[2])
        broadcast(parts[2], lengths[2]);
    return used;
}

static void redis_readable(void) {
    if (redis_capacity - redis_length < 65536) {
        redis_capacity = redis_capacity * 2 + 65536;
        redis_in = realloc(redis_in, redis_capacity);
        if (!redis_in) fail("realloc");
    }
    ssize_t got = read(redis_fd, redis_in + redis_length, redis_capacity - redis_length);
    if (got < 0 && errno == EAGAIN) return;
    if (got <= 0) { fprintf(stderr, "floor_hub: Redis closed the connection\n"); exit(1); }
    redis_length += (size_t)got;
    size_t at = 0, used;
    while (at < redis_length && (used = redis_value(redis_in + at, redis_length - at))) at += used;
    memmove(redis_in, redis_in + at, redis_length - at);
    redis_length -= at;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: floor_hub PORT CHANNEL [REDIS_PORT]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max < MAX_FD ? limit.rlim_max : MAX_FD;
    setrlimit(RLIMIT_NOFILE, &limit);

    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    redis_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    address.sin_port = htons((uint16_t)(argc > 3 ? atoi(argv[3]) : 6379));
    if (connect(redis_fd, (struct sockaddr *)&address, sizeof address) < 0) fail("floor_hub: Redis");
    char subscribe[512];
    int length = snprintf(subscribe, sizeof subscribe, "*2\r\n$9\r\nSUBSCRIBE\r\n$%zu\r\n%s\r\n", strlen(argv[2]), argv[2]);
    if (write(redis_fd, subscribe, (size_t)length) != length) fail("floor_hub: SUBSCRIBE");

    listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    address.sin_port = htons((uint16_t)atoi(argv[1]));
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 4096) < 0)
        fail("floor_hub: listen");
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event event = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener, &event);
    event.data.fd = redis_fd;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, redis_fd, &event);

    struct epoll_event events[1024];
    for (;;) {
        int count = epoll_wait(epoll_fd, events, 1024, -1);
        for (int i = 0; i < count; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int accepted;
                while ((accepted = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    if (accepted >= MAX_FD) { close(accepted); continue; }
                    setsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    table[accepted].used = 1;
                    struct epoll_event client_event = {.events = EPOLLIN, .data.fd = accepted};
                    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, accepted, &client_event);
                }
            } else if (fd == redis_fd) {
                redis_readable();
            } else if (table[fd].used) {
                if (events[i].events & (EPOLLERR | EPOLLHUP)) { drop(fd); continue; }
                if (events[i].events & EPOLLOUT) flush_client(fd);
                if (table[fd].used && (events[i].events & EPOLLIN)) client_readable(fd);
            }
        }
    }
}
