package dev.farol.runtime.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Percent-decoding, query strings and the text/binary decision for bodies. */
class DecodingTest {

  @Test
  void pathDecoding_keepsPlus_decodesUtf8_keepsMalformedEscapes() {
    assertThat(PercentDecoder.decodePath("a+b%20c")).isEqualTo("a+b c");
    assertThat(PercentDecoder.decodePath("caf%C3%A9")).isEqualTo("café");
    assertThat(PercentDecoder.decodePath("100%")).isEqualTo("100%");
    assertThat(PercentDecoder.decodePath("%zz%4")).isEqualTo("%zz%4");
    assertThat(PercentDecoder.decodePath("😀%21")).isEqualTo("😀!");
  }

  @Test
  void queryString_decodesPlusAsSpace_keepsOrderAndRepeats() {
    Map<String, List<String>> query = QueryString.parse("q=a+b&tag=1&tag=2&empty=&flag&&caf%C3%A9=%E2%82%AC");

    assertThat(query)
        .containsExactly(
            Map.entry("q", List.of("a b")),
            Map.entry("tag", List.of("1", "2")),
            Map.entry("empty", List.of("")),
            Map.entry("flag", List.of("")),
            Map.entry("café", List.of("€")));
    assertThat(QueryString.parse("")).isEmpty();
  }

  @Test
  void textContentTypes_stayText_othersAreBinary() {
    for (String text :
        List.of(
            "text/plain",
            "TEXT/HTML; charset=utf-8",
            "application/json",
            "application/problem+json",
            "application/xml",
            "application/atom+xml",
            "application/x-www-form-urlencoded",
            "application/javascript")) {
      assertThat(RequestBody.isText(text)).as(text).isTrue();
    }
    for (String binary :
        List.of("application/octet-stream", "image/png", "multipart/form-data; boundary=x", "application/pdf")) {
      assertThat(RequestBody.isText(binary)).as(binary).isFalse();
    }
    assertThat(RequestBody.isText(null)).isFalse();
  }

  @Test
  void textBody_isDecodedWithItsCharset() {
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};

    assertThat(RequestBody.of(latin1, "text/plain; charset=ISO-8859-1").text()).isEqualTo("café");
    assertThat(RequestBody.of(new byte[0], "text/plain")).isEqualTo(RequestBody.NONE);
  }
}
