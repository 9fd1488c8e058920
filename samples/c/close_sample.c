/*
 * Client-first close versus "the client asks the server to close", on POSIX sockets.
 *
 *   cc -O2 -pthread -o close_sample close_sample.c
 *   ./close_sample naive|fixed|abort [connections] [port]
 *
 * One process: a server thread on 127.0.0.1:<port> and a client loop that connects <connections>
 * times (default 50000, more than Windows' 16,384 dynamic ports), one connection at a time.
 *   naive  the client closes first: its side keeps each port in TIME_WAIT, and on Windows (or
 *          on Linux without tcp_tw_reuse) connect fails once the ports are used up.
 *   fixed  the client sends one byte asking the server to close, the server closes first, the
 *          client reads to the end, ignores a read error there, then closes.
 *   abort  the client closes with SO_LINGER 0: a reset, no TIME_WAIT, unsent data lost.
 * Exit code 0 when every connection was made, 1 when a connect failed, 2 for bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum mode { MODE_NAIVE, MODE_FIXED, MODE_ABORT };
static enum mode mode;

static void *serve(void *arg) {
  int listener = *(int *)arg;
  for (;;) {
    int s = accept(listener, NULL, NULL);
    if (s < 0) continue;
    char buf[64];
    if (mode == MODE_FIXED) {
      /* The client's request to close: read it, then close first (TIME_WAIT stays here). */
      (void)recv(s, buf, 1, 0);
    } else {
      /* Wait for the client's close, so that the client is the side that closes first. */
      while (recv(s, buf, sizeof buf, 0) > 0) {
      }
    }
    close(s);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2 || (strcmp(argv[1], "naive") && strcmp(argv[1], "fixed") && strcmp(argv[1], "abort"))) {
    fprintf(stderr, "usage: close_sample naive|fixed|abort [connections] [port]\n");
    return 2;
  }
  mode = !strcmp(argv[1], "naive") ? MODE_NAIVE : !strcmp(argv[1], "fixed") ? MODE_FIXED : MODE_ABORT;
  long count = argc > 2 ? atol(argv[2]) : 50000;
  int port = argc > 3 ? atoi(argv[3]) : 40000;

  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 128)) {
    fprintf(stderr, "cannot listen on port %d: %s\n", port, strerror(errno));
    return 2;
  }
  pthread_t server;
  pthread_create(&server, NULL, serve, &listener);

  for (long i = 0; i < count; i++) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) {
      printf("connect failed after %ld connections: %s\n", i, strerror(errno));
      return 1;
    }
    if (mode == MODE_FIXED) {
      char buf[64];
      send(s, "q", 1, 0); /* "please close"; never shutdown(s, SHUT_WR) here */
      while (recv(s, buf, sizeof buf, 0) > 0) {
      }
      /* recv returned 0 (the server closed) or an error such as ECONNRESET: both mean "done". */
    } else if (mode == MODE_ABORT) {
      struct linger abortive = {1, 0};
      setsockopt(s, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    close(s);
  }
  printf("ok: %ld connections\n", count);
  return 0;
}
