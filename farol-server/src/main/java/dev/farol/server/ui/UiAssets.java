package dev.farol.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The UI's files, as the farol-ui jar holds them: {@value #LIST} names each file under {@value #ROOT} with the
 * SHA-256 of its bytes and its pre-compressed variants ({@code NAME.br}, {@code NAME.gz}). All are read into
 * memory once (about 170 KB); {@link #NONE} when the list is not on the class path (a server built without the
 * UI).
 */
final class UiAssets {
  static final String ROOT = "dev/farol/ui/static/";
  static final String LIST = "dev/farol/ui/ui-files.json";
  static final UiAssets NONE = new UiAssets(Map.of());

  /**
   * One file: its bytes and those of its variants by content coding ({@code br}, {@code gzip}), and the strong
   * entity tag of each representation (the identity's is its hash; a variant's adds its coding).
   */
  record Asset(String path, String contentType, byte[] identity, Map<String, byte[]> encoded, String etag) {
    String etag(String coding) {
      return coding == null ? '"' + etag + '"' : '"' + etag + '-' + (coding.equals("gzip") ? "gz" : coding) + '"';
    }

    /** Hashed names live under {@code assets/}: their content never changes under the same name. */
    boolean immutable() {
      return path.startsWith("assets/");
    }
  }

  private final Map<String, Asset> files;

  private UiAssets(Map<String, Asset> files) {
    this.files = files;
  }

  /** The file at {@code path} (relative, e.g. {@code index.html}), or {@code null}. */
  Asset file(String path) {
    return files.get(path);
  }

  boolean present() {
    return !files.isEmpty();
  }

  /** Reads the list and every file it names from {@code loader}. */
  static UiAssets load(ClassLoader loader) {
    try (InputStream list = loader.getResourceAsStream(LIST)) {
      if (list == null) {
        return NONE;
      }
      JsonNode root = new ObjectMapper().readTree(list);
      Map<String, Asset> files = new HashMap<>();
      for (JsonNode f : root.path("files")) {
        String path = f.path("path").asText();
        Map<String, byte[]> encoded = new HashMap<>();
        for (JsonNode coding : f.path("encodings")) {
          String c = coding.asText();
          encoded.put(c, read(loader, ROOT + path + (c.equals("gzip") ? ".gz" : "." + c)));
        }
        String hash = f.path("sha256").asText();
        files.put(path, new Asset(path, contentType(path), read(loader, ROOT + path), Map.copyOf(encoded),
            hash.length() > 22 ? hash.substring(0, 22) : hash));
      }
      return new UiAssets(Map.copyOf(files));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the UI's files from the class path (" + LIST + ")", e);
    }
  }

  private static byte[] read(ClassLoader loader, String name) throws IOException {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(LIST + " names " + name + ", which is not on the class path: rebuild farol-ui");
      }
      return in.readAllBytes();
    }
  }

  static String contentType(String path) {
    String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "html" -> "text/html;charset=utf-8";
      case "js" -> "text/javascript;charset=utf-8";
      case "css" -> "text/css;charset=utf-8";
      case "json", "map" -> "application/json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "woff2" -> "font/woff2";
      case "txt" -> "text/plain;charset=utf-8";
      case "md" -> "text/markdown;charset=utf-8";
      default -> "application/octet-stream";
    };
  }
}
