package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KeyValue kv(String key, AnyValue v) {
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  @Test
  void everyValueKind_isWrittenAsValidJson() throws Exception {
    List<KeyValue> attrs = List.of(
        kv("http.route", str("/orders/{id}")),
        kv("quote\"back\\slash\nline\u0001", str("<script>alert(\"x\")</script>\t\u001f")),
        kv("ok", AnyValue.newBuilder().setBoolValue(true).build()),
        kv("n", AnyValue.newBuilder().setIntValue(-9_007_199_254_740_993L).build()),
        kv("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()),
        kv("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN).build()),
        kv("raw", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xff})).build()),
        kv("list", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("a"))
            .addValues(AnyValue.newBuilder().setIntValue(2))).build()),
        kv("nested", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("k", str("v"))))
            .build()),
        kv("empty", AnyValue.getDefaultInstance()));

    String text = AttributeJson.object(attrs);

    var tree = JSON.readTree(text);
    assertThat(tree.get("http.route").asText()).isEqualTo("/orders/{id}");
    assertThat(tree.get("quote\"back\\slash\nline\u0001").asText()).isEqualTo("<script>alert(\"x\")</script>\t\u001f");
    assertThat(tree.get("ok").asBoolean()).isTrue();
    assertThat(tree.get("n").asLong()).isEqualTo(-9_007_199_254_740_993L);
    assertThat(tree.get("ratio").asDouble()).isEqualTo(0.25);
    assertThat(tree.get("nan").asText()).isEqualTo("NaN");
    assertThat(tree.get("raw").asText()).isEqualTo("AQL/");
    assertThat(tree.get("list").toString()).isEqualTo("[\"a\",2]");
    assertThat(tree.get("nested").get("k").asText()).isEqualTo("v");
    assertThat(tree.get("empty").isNull()).isTrue();
  }

  @Test
  void aKeyGivenTwice_keepsItsLastValue_once() throws Exception {
    String text = AttributeJson.object(List.of(kv("a", str("first")), kv("b", str("x")), kv("a", str("last"))));
    assertThat(text).isEqualTo("{\"b\":\"x\",\"a\":\"last\"}");
    assertThat(AttributeJson.text(List.of(kv("a", str("first")), kv("a", str("last"))), "a")).isEqualTo("last");
  }

  @Test
  void aKeyGivenTwice_amongManyAttributes_keepsItsLastValue_once() throws Exception {
    List<KeyValue> many = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(kv("k" + i, str("v" + i)));
    }
    many.add(kv("k7", str("again")));
    var tree = JSON.readTree(AttributeJson.object(many));
    assertThat(tree.size()).isEqualTo(40);
    assertThat(tree.get("k7").asText()).isEqualTo("again");
  }

  @Test
  void noAttributes_isAnEmptyObject() {
    assertThat(AttributeJson.object(List.of())).isEqualTo("{}");
  }
}
