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
        SocketChannel host;
        try {
          host = SocketChannel.open();
          host.socket().connect(new InetSocketAddress("127.0.0.1", port), 2000);
          host.socket().setTcpNoDelay(true);
        } catch (IOException e) {
          LOG.debug("bridge to 127.0.0.1:{}: {}", port, e.getMessage());
          inside.close();
          continue;
        }
        // channels, not Channels.newInputStream/newOutputStream: those share the channel's blocking
        // lock, so a pending read of the request side would hold back the response forever
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger(2);
        pump(inside, host, open);
        pump(host, inside, open);
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("bridge {} accept: {}", socket, e.getMessage());
        }
      }
    }
  }

  /** Copies one direction; at its end half-closes the other side, and closes both after the second end. */
  private static void pump(SocketChannel in, SocketChannel out, java.util.concurrent.atomic.AtomicInteger open) {
    Thread t = new Thread(() -> {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16 * 1024);
      boolean clean = false;
      try {
        while (in.read(buf) != -1) {
          buf.flip();
          while (buf.hasRemaining()) {
            out.write(buf);
          }
          buf.clear();
        }
        out.shutdownOutput();
        clean = true;
      } catch (IOException e) {
        // one side went away
      } finally {
        if (!clean || open.decrementAndGet() == 0) {
          closeQuietly(in);
          closeQuietly(out);
        }
      }
    }, "farol-bridge-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // closing
    }
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
