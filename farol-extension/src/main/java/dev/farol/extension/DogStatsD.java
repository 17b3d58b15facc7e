package dev.farol.extension;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DogStatsD intake (UDP) for custom metrics from the function: {@code name:value|type[|@rate][|#tags]},
 * several per datagram. Counts (scaled by their sample rate), gauges, timings, histograms and
 * distributions become OTLP gauge points tagged with the function and the invocation under way; sets
 * are not supported and are counted as dropped.
 */
final class DogStatsD implements AutoCloseable {
  /** Where a parsed metric goes. */
  interface Sink {
    void metric(String name, String unit, double value, List<String[]> tags);
  }

  private final DatagramSocket socket;
  private volatile long rejected;

  DogStatsD(int port, Sink sink) throws IOException {
    socket = new DatagramSocket(null);
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread t = new Thread(() -> {
      byte[] buf = new byte[65_535];
      while (!socket.isClosed()) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(p);
        } catch (IOException e) {
          return;
        }
        for (String line : new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank() && !parse(line.trim(), sink)) {
            rejected++;
          }
        }
      }
    }, "farol-extension-dogstatsd");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  long rejected() {
    return rejected;
  }

  /** Parses one metric line; false when it is not a metric this intake takes. */
  static boolean parse(String line, Sink sink) {
    int colon = line.indexOf(':');
    int bar = line.indexOf('|');
    if (colon <= 0 || bar < colon) {
      return false;
    }
    String name = line.substring(0, colon);
    double value;
    try {
      value = Double.parseDouble(line.substring(colon + 1, bar));
    } catch (NumberFormatException e) {
      return false;
    }
    String[] parts = line.substring(bar + 1).split("\\|");
    String type = parts[0];
    double rate = 1;
    List<String[]> tags = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].startsWith("@")) {
        try {
          rate = Double.parseDouble(parts[i].substring(1));
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (parts[i].startsWith("#")) {
        for (String tag : parts[i].substring(1).split(",")) {
          int c = tag.indexOf(':');
          tags.add(c > 0 ? new String[] {tag.substring(0, c), tag.substring(c + 1)} : new String[] {tag, ""});
        }
      }
    }
    switch (type.toLowerCase(Locale.ROOT)) {
      case "c":
        sink.metric(name, "1", rate > 0 && rate < 1 ? value / rate : value, tags);
        return true;
      case "g":
        sink.metric(name, "1", value, tags);
        return true;
      case "ms":
        sink.metric(name, "ms", value, tags);
        return true;
      case "h":
      case "d":
        sink.metric(name, "1", value, tags);
        return true;
      default:
        return false;
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
