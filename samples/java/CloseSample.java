// Client-first close versus "the client asks the server to close", with java.net sockets.
//
//   java CloseSample.java naive|fixed|abort [connections] [port]      (Java 11 or later)
//
// naive: the client closes first, so its side keeps each local port in TIME_WAIT; on Windows
//        connect fails (java.net.BindException: Address already in use) once the ports are used up.
// fixed: the client sends one byte asking the server to close, the server closes first, the client
//        reads to the end (-1), ignores a read error there (SocketException: Connection reset), then
//        closes.
// abort: the client closes with setSoLinger(true, 0): a reset, no TIME_WAIT, unsent data lost.
// Exit code 0 when every connection was made, 1 when a connect failed, 2 for bad usage.
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

public final class CloseSample {
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || !(args[0].equals("naive") || args[0].equals("fixed") || args[0].equals("abort"))) {
      System.err.println("usage: java CloseSample.java naive|fixed|abort [connections] [port]");
      System.exit(2);
    }
    String mode = args[0];
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 50000;
    int port = args.length > 2 ? Integer.parseInt(args[2]) : 40000;
    InetAddress loopback = InetAddress.getLoopbackAddress();

    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(loopback, port), 128);
    Thread server = new Thread(() -> serve(listener, mode));
    server.setDaemon(true);
    server.start();

    for (int i = 0; i < count; i++) {
      try {
        connectOnce(loopback, port, mode);
      } catch (IOException e) {
        System.out.println("connect failed after " + i + " connections: " + e);
        System.exit(1);
      }
    }
    System.out.println("ok: " + count + " connections");
    System.exit(0);
  }

  static void connectOnce(InetAddress host, int port, String mode) throws IOException {
    Socket socket = new Socket(host, port);
    if (mode.equals("fixed")) {
      socket.getOutputStream().write('q'); // "please close"; never socket.shutdownOutput() here
      try {
        InputStream in = socket.getInputStream();
        while (in.read() != -1) {}
      } catch (SocketException e) {
        // "Connection reset" at the end of the stream means the same as the end.
      }
    } else if (mode.equals("abort")) {
      socket.setSoLinger(true, 0);
    }
    socket.close();
  }

  static void serve(ServerSocket listener, String mode) {
    while (true) {
      try (Socket s = listener.accept()) {
        InputStream in = s.getInputStream();
        if (mode.equals("fixed")) {
          in.read(); // the client's request to close: close first, TIME_WAIT stays here
        } else {
          while (in.read() != -1) {} // wait for the client's close: the client closes first
        }
      } catch (IOException e) {
        // a reset from an aborting client is expected
      }
    }
  }
}
