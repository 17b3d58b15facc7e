package dev.farol.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI on the query port, as a browser's requests see it: files, deep links, caching, compression, headers. */
class UiHandlerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  Path data;
  private FarolServer server;

  private void start(String apiKey) throws Exception {
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0).withApiKey(apiKey),
        DuckDbStore.open(data)).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private String mainScript() throws Exception {
    Matcher m = Pattern.compile("src=\"(/assets/main-[A-Z0-9]+\\.js)\"").matcher(text(get("/")));
    assertThat(m.find()).as("index.html names its hashed script").isTrue();
    return m.group(1);
  }

  @Test
  void index_isRevalidatedEveryTime_withAStrongETag_andTheSecurityHeaders() throws Exception {
    start(null);
    HttpResponse<byte[]> index = get("/");

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type")).hasValue("text/html;charset=utf-8");
    assertThat(text(index)).contains("<div id=\"app\"></div>").doesNotContain("{{");
    assertThat(index.headers().firstValue("cache-control")).hasValue("no-cache");
    assertThat(index.headers().firstValue("content-security-policy")).hasValue("default-src 'self'; "
        + "script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
        + "base-uri 'none'; frame-ancestors 'none'");
    assertThat(index.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(index.headers().firstValue("referrer-policy")).hasValue("no-referrer");
    String etag = index.headers().firstValue("etag").orElseThrow();
    assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");

    HttpResponse<byte[]> again = get("/", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("etag")).hasValue(etag);
    assertThat(get("/", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void anyPathThatIsNotAFile_answersIndexHtml_soEveryScreenHasADeepLink() throws Exception {
    start(null);
    String index = text(get("/"));

    assertThat(text(get("/functions/clean-math"))).isEqualTo(index);
    assertThat(text(get("/traces/4bf92f3577b34da6a3ce929d0e0e4736?range=6h"))).isEqualTo(index);
    assertThat(text(get("/functions/%3Cimg%20src%3Dx%3E"))).isEqualTo(index);
    // but an old hashed file is not answered with HTML
    HttpResponse<byte[]> stale = get("/assets/main-OLDHASH.js");
    assertThat(stale.statusCode()).isEqualTo(404);
    assertThat(text(stale)).isEqualTo("no such file: /assets/main-OLDHASH.js");
    // and the API's unknown paths stay the API's
    HttpResponse<byte[]> api = get("/api/v1/nothing");
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(text(api)).isEqualTo("{\"error\":\"no such endpoint: /api/v1/nothing (see docs/api.md)\"}");
  }

  @Test
  void hashedAssets_areImmutable_andSentPreCompressed_brotliBeforeGzip() throws Exception {
    start(null);
    String script = mainScript();

    HttpResponse<byte[]> plain = get(script);
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("content-type")).hasValue("text/javascript;charset=utf-8");
    assertThat(plain.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
    assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
    assertThat(plain.headers().firstValue("vary")).hasValue("Accept-Encoding");

    HttpResponse<byte[]> br = get(script, "Accept-Encoding", "gzip, deflate, br");
    assertThat(br.headers().firstValue("content-encoding")).hasValue("br");
    assertThat(br.body().length).isLessThan(plain.body().length / 2);

    HttpResponse<byte[]> gzip = get(script, "Accept-Encoding", "gzip, br;q=0");
    assertThat(gzip.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes()).isEqualTo(plain.body());

    // each representation has its own strong tag; a match answers 304
    String plainTag = plain.headers().firstValue("etag").orElseThrow();
    String brTag = br.headers().firstValue("etag").orElseThrow();
    assertThat(brTag).isNotEqualTo(plainTag).isEqualTo(plainTag.replaceFirst("\"$", "-br\""));
    assertThat(get(script, "Accept-Encoding", "br", "If-None-Match", brTag).statusCode()).isEqualTo(304);
    assertThat(get(script, "Accept-Encoding", "gzip", "If-None-Match", brTag).statusCode()).isEqualTo(200);
  }

  @Test
  void onlyGetAndHead() throws Exception {
    start(null);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort()
        + "/functions")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");

    HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort()
        + "/")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void withAnApiKey_theUiNeedsNone_butTheApiDoes() throws Exception {
    start("s3cret");

    assertThat(get("/").statusCode()).isEqualTo(200);
    assertThat(get(mainScript()).statusCode()).isEqualTo(200);
    assertThat(get("/functions/clean-math").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> refused = get("/api/v1/functions");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(text(refused)).isEqualTo("{\"error\":\"missing or wrong API key\"}");
    assertThat(get("/api/v1/functions", "x-farol-api-key", "s3cret").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/functions", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
  }
}
