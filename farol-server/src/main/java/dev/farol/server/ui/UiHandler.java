package dev.farol.server.ui;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.QuotedQualityCSV;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the web UI from the class path (the farol-ui jar) on the query port; no API key is needed for it.
 *
 * <ul>
 *   <li>A path naming a file answers that file; any other path answers {@code index.html}, so every screen has a
 *       deep link ({@code /functions/clean-math}). A missing file under {@code /assets/} is a 404: a page that
 *       asks for an old hashed script must not get HTML instead.
 *   <li>Caching: a strong {@code ETag} per representation and {@code 304} on a matching {@code If-None-Match};
 *       {@code Cache-Control: public, max-age=31536000, immutable} for the content-hashed {@code assets/},
 *       {@code no-cache} (revalidate every time) for the rest, index.html included.
 *   <li>Compression: the variant pre-compressed at build time, brotli before gzip, as {@code Accept-Encoding}
 *       allows, with {@code Vary: Accept-Encoding}.
 *   <li>Every answer carries {@link #CONTENT_SECURITY_POLICY} (no inline script, nothing from elsewhere),
 *       {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer}.
 * </ul>
 * Only {@code GET} and {@code HEAD}; another method answers 405.
 */
public final class UiHandler extends Handler.Abstract {
  /** What a page of the UI may load and run: only the server's own files, never inline script. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String REVALIDATE = "no-cache";

  private final UiAssets assets;

  private UiHandler(UiAssets assets) {
    this.assets = assets;
  }

  /** The UI of the farol-ui jar on this class path (none when it is missing: every path then answers 404). */
  public static UiHandler fromClasspath() {
    return new UiHandler(UiAssets.load(UiHandler.class.getClassLoader()));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    var headers = response.getHeaders();
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      headers.put(HttpHeader.ALLOW, "GET, HEAD");
      return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "the web UI answers GET and HEAD");
    }
    if (!assets.present()) {
      return text(response, callback, HttpStatus.NOT_FOUND_404, "this server was built without the web UI "
          + "(farol-ui); the query API is at /api/v1");
    }
    String path = request.getHttpURI().getDecodedPath();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    UiAssets.Asset asset = relative.isEmpty() ? null : assets.file(relative);
    if (asset == null) {
      if (relative.startsWith("assets/")) {
        return text(response, callback, HttpStatus.NOT_FOUND_404, "no such file: " + path);
      }
      asset = assets.file("index.html");
    }
    String coding = coding(request, asset);
    String etag = asset.etag(coding);
    headers.put(HttpHeader.CACHE_CONTROL, asset.immutable() ? IMMUTABLE : REVALIDATE);
    headers.put(HttpHeader.ETAG, etag);
    if (!asset.encoded().isEmpty()) {
      headers.put(HttpHeader.VARY, "Accept-Encoding");
    }
    if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      callback.succeeded();
      return true;
    }
    byte[] body = coding == null ? asset.identity() : asset.encoded().get(coding);
    response.setStatus(HttpStatus.OK_200);
    headers.put(HttpHeader.CONTENT_TYPE, asset.contentType());
    if (coding != null) {
      headers.put(HttpHeader.CONTENT_ENCODING, coding);
    }
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, method.equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    return true;
  }

  /** The variant to send: {@code br}, else {@code gzip}, as the request accepts (q above 0) and the file has. */
  static String coding(Request request, UiAssets.Asset asset) {
    if (asset.encoded().isEmpty()) {
      return null;
    }
    QuotedQualityCSV accepted = new QuotedQualityCSV();
    for (HttpField field : request.getHeaders().getFields(HttpHeader.ACCEPT_ENCODING)) {
      accepted.addValue(field.getValue());
    }
    // what is left has q above 0
    List<String> codings = accepted.getValues().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    boolean any = codings.contains("*");
    if ((any || codings.contains("br")) && asset.encoded().containsKey("br")) {
      return "br";
    }
    return (any || codings.contains("gzip")) && asset.encoded().containsKey("gzip") ? "gzip" : null;
  }

  /** {@code If-None-Match} lists this entity tag, or is {@code *}. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static boolean text(Response response, Callback callback, int status, String message) {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
