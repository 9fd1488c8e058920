/*
 * The same three loops as close_sample.c, on Winsock: what the original program's README
 * recommends, in C for Windows.
 *
 *   cl /O2 close_sample_winsock.c ws2_32.lib                       (Visual Studio)
 *   x86_64-w64-mingw32-gcc -O2 -o close_sample.exe close_sample_winsock.c -lws2_32   (MinGW)
 *   close_sample naive|fixed|abort [connections] [port]
 *
 *   naive  the client closes first: after about 16,000 connections connect fails with
 *          WSAEADDRINUSE (10048), or WSAENOBUFS (10055), because every port is in TIME_WAIT.
 *   fixed  the client sends one byte asking the server to close, the server closes first, the
 *          client reads until recv returns 0, ignores WSAECONNRESET there, then closes. It must not
 *          call shutdown(s, SD_SEND) first: that makes the client the side that closes first.
 *   abort  the client closes with SO_LINGER 0: a reset, no TIME_WAIT, unsent data lost.
 * Exit code 0 when every connection was made, 1 when a connect failed, 2 for bad usage.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mode { MODE_NAIVE, MODE_FIXED, MODE_ABORT };
static enum mode mode;

static DWORD WINAPI serve(LPVOID arg) {
  SOCKET listener = *(SOCKET *)arg;
  for (;;) {
    SOCKET s = accept(listener, NULL, NULL);
    if (s == INVALID_SOCKET) continue;
    char buf[64];
    if (mode == MODE_FIXED) {
      recv(s, buf, 1, 0); /* the client's request to close: close first, TIME_WAIT stays here */
    } else {
      while (recv(s, buf, sizeof buf, 0) > 0) {
      } /* wait for the client's close: the client closes first */
    }
    closesocket(s);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2 || (strcmp(argv[1], "naive") && strcmp(argv[1], "fixed") && strcmp(argv[1], "abort"))) {
    fprintf(stderr, "usage: close_sample naive|fixed|abort [connections] [port]\n");
    return 2;
  }
  mode = !strcmp(argv[1], "naive") ? MODE_NAIVE : !strcmp(argv[1], "fixed") ? MODE_FIXED : MODE_ABORT;
  long count = argc > 2 ? atol(argv[2]) : 50000;
  int port = argc > 3 ? atoi(argv[3]) : 40000;

  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 2;
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

  SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 128)) {
    fprintf(stderr, "cannot listen on port %d: error %d\n", port, WSAGetLastError());
    return 2;
  }
  CreateThread(NULL, 0, serve, &listener, 0, NULL);

  for (long i = 0; i < count; i++) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) {
      printf("connect failed after %ld connections: error %d\n", i, WSAGetLastError());
      return 1;
    }
    if (mode == MODE_FIXED) {
      char buf[64];
      send(s, "q", 1, 0); /* "please close"; never shutdown(s, SD_SEND) here */
      while (recv(s, buf, sizeof buf, 0) > 0) {
      }
      /* recv returned 0 (the server closed) or SOCKET_ERROR, WSAECONNRESET: both mean "done". */
    } else if (mode == MODE_ABORT) {
      struct linger abortive = {1, 0};
      setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&abortive, sizeof abortive);
    }
    closesocket(s);
  }
  printf("ok: %ld connections\n", count);
  WSACleanup();
  return 0;
}
