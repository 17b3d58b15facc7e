package dev.farol.runtime.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets isolated environments reach one loopback port of the host: a Unix socket, mounted into every
 * sandbox, whose connections are relayed to {@code 127.0.0.1:port}. Inside, the environment's init
 * forwards {@code 127.0.0.1:port} to that socket, so the same URL works in and out of the sandbox.
 */
final class HostPortBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostPortBridge.class);
  private final ServerSocketChannel server;
  private final Path socket;
  private final int port;
  private volatile boolean closed;

  private HostPortBridge(ServerSocketChannel server, Path socket, int port) {
    this.server = server;
    this.socket = socket;
    this.port = port;
  }

  static HostPortBridge open(Path socket, int port) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ch.bind(UnixDomainSocketAddress.of(socket));
    HostPortBridge bridge = new HostPortBridge(ch, socket, port);
    Thread t = new Thread(bridge::acceptLoop, "farol-bridge-" + port);
    t.setDaemon(true);
    t.start();
    return bridge;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel inside = server.accept();
        Socket host = new Socket();
        try {
          host.connect(new InetSocketAddress("127.0.0.1", port), 2000);
          host.setTcpNoDelay(true);
        } catch (IOException e) {
          LOG.debug("bridge to 127.0.0.1:{}: {}", port, e.getMessage());
          inside.close();
          host.close();
          continue;
        }
        pump(Channels.newInputStream(inside), host.getOutputStream(), host, inside);
        pump(host.getInputStream(), Channels.newOutputStream(inside), host, inside);
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("bridge {} accept: {}", socket, e.getMessage());
        }
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, Socket host, SocketChannel inside) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try {
        int n;
        while ((n = in.read(buf)) != -1) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        try {
          host.close();
          inside.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }, "farol-bridge-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.debug("closing bridge {}", socket, e);
    }
  }
}
