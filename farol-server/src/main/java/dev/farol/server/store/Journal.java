package dev.farol.server.store;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The ingest journal: accepted batches are appended here and forced to disk before the caller is
 * answered, then stored in DuckDB in large groups by another thread. DuckDB is fast at bulk appends and
 * slow at many small transactions; the journal lets a request be durable (and answered) at the cost of one
 * sequential write, whatever the size of the group it will join.
 *
 * <p>Files {@code <n>.log} in one directory, each a run of records {@code [length int][CRC32C int][payload]}.
 * A new file is started past {@value #SEGMENT_BYTES} bytes, or when everything written has been stored and
 * the file is not tiny; files whose every record is stored are deleted. At start, the records of every file
 * left are handed back to be stored again (storing is idempotent); a torn record at the end of the last file
 * (a crash during a write that was never acknowledged) is cut off.
 */
final class Journal implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Journal.class.getName());
  /** A file is closed and a new one started once it holds this many bytes: {@value}. */
  static final long SEGMENT_BYTES = 64L * 1024 * 1024;
  /** Once everything is stored, a file at least this large is replaced by a new one: {@value}. */
  static final long ROLL_WHEN_CAUGHT_UP_BYTES = 1024 * 1024;

  /** A record found at start, with its number. */
  record Entry(long seq, byte[] payload) {}

  private final Path dir;
  private long segment;
  private FileChannel out;
  private long size;
  /** Records are numbered from 1 in the order written (at start, in the order found). */
  private long appended;
  /** The number of the last record of each file not yet deleted. */
  private final java.util.TreeMap<Long, Long> lastRecord = new java.util.TreeMap<>();

  private Journal(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Opens the journal in {@code dir}; call {@link #recover()} next, then write. */
  static Journal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new Journal(dir);
  }

  private List<Long> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{16}\\.log"))
          .map(n -> Long.parseLong(n.substring(0, 16))).sorted().toList();
    }
  }

  private Path file(long n) {
    return dir.resolve(String.format("%016d.log", n));
  }

  /**
   * The records of earlier runs, oldest first, and a new file to write to. Records that cannot be read
   * whole are reported, never passed on half.
   */
  synchronized List<Entry> recover() throws IOException {
    List<Entry> entries = new ArrayList<>();
    List<Long> found = segments();
    for (int i = 0; i < found.size(); i++) {
      long n = found.get(i);
      boolean last = i == found.size() - 1;
      long good = 0;
      try (InputStream raw = Files.newInputStream(file(n));
          DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
        while (true) {
          int length;
          try {
            length = in.readInt();
          } catch (EOFException end) {
            break;
          }
          int crc = in.readInt();
          if (length < 0 || length > 1 << 30) {
            throw new IOException("a record length of " + length);
          }
          byte[] payload = new byte[length];
          in.readFully(payload);
          if (crc(payload) != crc) {
            throw new IOException("a record whose checksum does not match");
          }
          entries.add(new Entry(++appended, payload));
          lastRecord.put(n, appended);
          good += 8 + length;
        }
      } catch (IOException torn) {
        if (last) {
          LOG.warning("journal " + file(n).getFileName() + ": cutting an incomplete record at byte " + good
              + " (a write interrupted by a crash; it had not been acknowledged)");
          try (FileChannel c = FileChannel.open(file(n), StandardOpenOption.WRITE)) {
            c.truncate(good);
            c.force(true);
          }
        } else {
          LOG.log(Level.SEVERE, "journal " + file(n).getFileName() + " is damaged after byte " + good + " ("
              + torn.getMessage() + "); the records before it are stored, the file is kept as "
              + file(n).getFileName() + ".damaged");
          Files.move(file(n), dir.resolve(file(n).getFileName() + ".damaged"));
        }
      }
      if (!lastRecord.containsKey(n)) {
        Files.deleteIfExists(file(n)); // nothing in it
      }
    }
    segment = found.isEmpty() ? 0 : found.get(found.size() - 1) + 1;
    startSegment();
    return entries;
  }

  private void startSegment() throws IOException {
    if (out != null) {
      out.close();
    }
    out = FileChannel.open(file(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    size = out.size();
    // the new file's name must survive a crash too
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException notSupported) {
      // some file systems cannot sync a directory; the file's own sync still holds its records
    }
  }

  /**
   * Appends the records and forces them to disk; returns the number of the first (the others follow
   * it).
   */
  synchronized long append(List<byte[]> payloads) throws IOException {
    if (size >= SEGMENT_BYTES) {
      segment++;
      startSegment();
    }
    int total = 0;
    for (byte[] p : payloads) {
      total += 8 + p.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    for (byte[] p : payloads) {
      buf.putInt(p.length).putInt(crc(p)).put(p);
    }
    buf.flip();
    while (buf.hasRemaining()) {
      out.write(buf);
    }
    out.force(false);
    size += total;
    long first = appended + 1;
    appended += payloads.size();
    lastRecord.put(segment, appended);
    return first;
  }

  /**
   * Every record up to number {@code upTo} is stored: files holding only such records go. When that is
   * every record written, a current file that is no longer tiny is replaced by a new one so that it can go
   * too (the check and the roll happen under this journal's lock, so no record can slip in between).
   */
  synchronized void stored(long upTo) throws IOException {
    if (upTo >= appended && size >= ROLL_WHEN_CAUGHT_UP_BYTES) {
      segment++;
      startSegment();
    }
    var it = lastRecord.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getKey() < segment && e.getValue() <= upTo) {
        Files.deleteIfExists(file(e.getKey()));
        it.remove();
      } else {
        break;
      }
    }
  }

  /** Closes the journal; with {@code allStored}, every record is in the store and the files go too. */
  synchronized void close(boolean allStored) throws IOException {
    close();
    if (allStored) {
      for (long n : segments()) {
        Files.deleteIfExists(file(n));
      }
      lastRecord.clear();
    }
  }

  private static int crc(byte[] payload) {
    CRC32C c = new CRC32C();
    c.update(payload);
    return (int) c.getValue();
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
