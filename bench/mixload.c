/* mixload: a keep-alive HTTP/1.1 load generator for a mix of GET and HEAD requests.

   wrk and h2load (Debian's) cannot load HEAD: their parsers wait for the body that the
   Content-Length of a HEAD reply announces but never comes. This one knows which
   request it sent. Each connection sends one request at a time (no pipelining), round
   robin over the requests file, for a fixed time; threads share nothing.

     cc -O2 -pthread -o mixload mixload.c
     ./mixload HOST PORT SECONDS CONNECTIONS THREADS REQUESTS_FILE

   REQUESTS_FILE: one request per line, "METHOD PATH [ETAG]" (the ETag is sent as
   If-None-Match). Prints one line: RESULT {"requests": ..., "seconds": ...,
   "p99_ms": ..., "socket_errors": ..., "statuses": {"200": ..., ...}}. */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUESTS 64
#define HEAD_MAX 16384
#define BUCKETS 100000 /* 10 us each: up to 1 s */

typedef struct { char *bytes; size_t len; int head; } request;
typedef struct {
  int fd, next, head;
  size_t have, body_left;
  int in_body;
  double sent;
  char buf[HEAD_MAX];
} conn;
typedef struct {
  int connections;
  long done, errors, statuses[600];
  unsigned *latency;
} worker;

static request requests[MAX_REQUESTS];
static int request_count;
static struct sockaddr_in address;
static double deadline;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int dial(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) < 0) return -1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, O_NONBLOCK);
  return fd;
}

static int send_next(conn *c) {
  request *r = &requests[c->next++ % request_count];
  c->head = r->head;
  c->have = 0;
  c->in_body = 0;
  c->sent = now();
  return write(c->fd, r->bytes, r->len) == (ssize_t)r->len ? 0 : -1;
}

/* Take in what arrived; 1 when the response is complete, 0 for more, -1 on error. */
static int take(conn *c, worker *w, char *data, size_t n) {
  if (c->in_body) {
    size_t used = n < c->body_left ? n : c->body_left;
    c->body_left -= used;
    return c->body_left == 0 ? (used == n ? 1 : -1) : 0;
  }
  size_t before = c->have, kept = n < HEAD_MAX - before ? n : HEAD_MAX - before;
  memcpy(c->buf + before, data, kept);
  c->have += kept;
  char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
  if (end == NULL) return c->have == HEAD_MAX ? -1 : 0;
  int status = atoi(c->buf + 9);
  long length = 0;
  for (char *p = c->buf; p < end; p++) {
    if (*p == '\n' && strncasecmp(p + 1, "content-length:", 15) == 0) length = atol(p + 16);
  }
  if (c->head || status == 304 || status == 204) length = 0;
  size_t extra = before + n - (size_t)(end + 4 - c->buf); /* body bytes already here */
  if (status > 0 && status < 600) w->statuses[status]++;
  if ((long)extra > length) return -1;
  c->body_left = length - extra;
  c->in_body = 1;
  return c->body_left == 0 ? 1 : 0;
}

static void *run(void *arg) {
  worker *w = arg;
  int poll = epoll_create1(0);
  conn *conns = calloc(w->connections, sizeof *conns);
  static __thread char chunk[1 << 16];
  for (int i = 0; i < w->connections; i++) {
    conns[i].fd = dial();
    conns[i].next = i;
    struct epoll_event e = {.events = EPOLLIN, .data.ptr = &conns[i]};
    if (conns[i].fd < 0 || epoll_ctl(poll, EPOLL_CTL_ADD, conns[i].fd, &e) < 0 ||
        send_next(&conns[i]) < 0) {
      w->errors++;
    }
  }
  struct epoll_event events[256];
  while (now() < deadline) {
    int ready = epoll_wait(poll, events, 256, 100);
    for (int i = 0; i < ready; i++) {
      conn *c = events[i].data.ptr;
      for (;;) {
        ssize_t n = read(c->fd, chunk, sizeof chunk);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        /* closed (or reset) between responses: the server's keep-alive limit, not an error */
        int idle = (n == 0 || errno == ECONNRESET) && c->have == 0 && !c->in_body;
        int got = n <= 0 ? -1 : take(c, w, chunk, (size_t)n);
        if (got == 1) {
          unsigned bucket = (unsigned)((now() - c->sent) * 1e5);
          w->latency[bucket < BUCKETS ? bucket : BUCKETS - 1]++;
          w->done++;
          got = send_next(c);
        }
        if (got < 0) { /* reconnect; an error unless the server closed an idle connection */
          w->errors += !idle;
          epoll_ctl(poll, EPOLL_CTL_DEL, c->fd, NULL);
          close(c->fd);
          c->fd = dial();
          struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
          if (c->fd < 0 || epoll_ctl(poll, EPOLL_CTL_ADD, c->fd, &e) < 0 || send_next(c) < 0)
            return w;
          break;
        }
        if (got == 1) break;
      }
    }
  }
  return w;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s HOST PORT SECONDS CONNECTIONS THREADS REQUESTS_FILE\n", argv[0]);
    return 2;
  }
  address.sin_family = AF_INET;
  address.sin_port = htons(atoi(argv[2]));
  inet_pton(AF_INET, argv[1], &address.sin_addr);
  int seconds = atoi(argv[3]), connections = atoi(argv[4]), threads = atoi(argv[5]);
  FILE *file = fopen(argv[6], "r");
  char line[4096], method[16], path[2048], etag[512];
  while (file && fgets(line, sizeof line, file) && request_count < MAX_REQUESTS) {
    etag[0] = 0;
    if (sscanf(line, "%15s %2047s %511s", method, path, etag) < 2) continue;
    request *r = &requests[request_count++];
    r->head = strcmp(method, "HEAD") == 0;
    r->bytes = malloc(4096);
    r->len = snprintf(r->bytes, 4096, "%s %s HTTP/1.1\r\nHost: %s:%s\r\n%s%s%s\r\n", method,
                      path, argv[1], argv[2], etag[0] ? "If-None-Match: " : "", etag,
                      etag[0] ? "\r\n" : "");
  }
  if (request_count == 0) {
    fprintf(stderr, "no requests in %s\n", argv[6]);
    return 2;
  }
  double start = now();
  deadline = start + seconds;
  pthread_t ids[64];
  worker *workers = calloc(threads, sizeof *workers);
  for (int t = 0; t < threads; t++) {
    workers[t].connections = connections / threads + (t < connections % threads);
    workers[t].latency = calloc(BUCKETS, sizeof(unsigned));
    pthread_create(&ids[t], NULL, run, &workers[t]);
  }
  long done = 0, errors = 0, statuses[600] = {0};
  unsigned long latency[BUCKETS] = {0};
  for (int t = 0; t < threads; t++) {
    pthread_join(ids[t], NULL);
    done += workers[t].done;
    errors += workers[t].errors;
    for (int s = 0; s < 600; s++) statuses[s] += workers[t].statuses[s];
    for (int b = 0; b < BUCKETS; b++) latency[b] += workers[t].latency[b];
  }
  double elapsed = now() - start;
  unsigned long seen = 0, p99 = 0;
  for (; p99 < BUCKETS && (seen += latency[p99]) < 0.99 * done; p99++) {
  }
  printf("RESULT {\"requests\": %ld, \"seconds\": %.3f, \"p99_ms\": %.3f, \"socket_errors\": %ld, "
         "\"statuses\": {",
         done, elapsed, (p99 + 1) * 0.01, errors);
  const char *comma = "";
  for (int s = 0; s < 600; s++) {
    if (statuses[s]) {
      printf("%s\"%d\": %ld", comma, s, statuses[s]);
      comma = ", ";
    }
  }
  printf("}}\n");
  return 0;
}
