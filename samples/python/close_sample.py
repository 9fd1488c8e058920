"""Client-first close versus "the client asks the server to close", with the socket module.

    python3 close_sample.py naive|fixed|abort [connections] [port]

naive: the client closes first, so its side keeps each local port in TIME_WAIT; on Windows
       connect fails with WSAEADDRINUSE (10048) once the ports are used up.
fixed: the client sends one byte asking the server to close, the server closes first, the client
       reads to the end, ignores a read error there (ConnectionResetError), then closes.
abort: the client closes with SO_LINGER 0: a reset, no TIME_WAIT, unsent data lost.
Exit code 0 when every connection was made, 1 when a connect failed, 2 for bad usage.
"""
import socket
import struct
import sys
import threading


def serve(listener, mode):
    while True:
        conn, _ = listener.accept()
        try:
            if mode == "fixed":
                conn.recv(1)  # the client's request to close: close first, TIME_WAIT stays here
            else:
                while conn.recv(64):  # wait for the client's close: the client closes first
                    pass
        except OSError:
            pass  # a reset from an aborting client is expected
        conn.close()


def connect_once(port, mode):
    s = socket.create_connection(("127.0.0.1", port))
    if mode == "fixed":
        s.sendall(b"q")  # "please close"; never s.shutdown(socket.SHUT_WR) here
        try:
            while s.recv(64):
                pass
        except ConnectionResetError:
            pass  # at the end of the stream a reset means the same as the end
    elif mode == "abort":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def main(argv):
    if len(argv) < 2 or argv[1] not in ("naive", "fixed", "abort"):
        print("usage: close_sample.py naive|fixed|abort [connections] [port]", file=sys.stderr)
        return 2
    mode = argv[1]
    count = int(argv[2]) if len(argv) > 2 else 50000
    port = int(argv[3]) if len(argv) > 3 else 40000
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    threading.Thread(target=serve, args=(listener, mode), daemon=True).start()
    for i in range(count):
        try:
            connect_once(port, mode)
        except OSError as error:
            print(f"connect failed after {i} connections: {error}", flush=True)
            return 1
    print(f"ok: {count} connections", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
