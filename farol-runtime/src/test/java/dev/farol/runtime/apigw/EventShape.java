package dev.farol.runtime.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The structure of an event: field names and value types, recursively. Header maps are opaque
 * (their names depend on the client) and so are the values of the given free-form fields.
 */
final class EventShape {
  private static final Set<String> OPAQUE = Set.of("headers", "multiValueHeaders");

  private EventShape() {}

  static Object of(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> fields = new TreeMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        fields.put(
            field.getKey(),
            OPAQUE.contains(field.getKey()) ? field.getValue().getNodeType() : of(field.getValue()));
      }
      return fields;
    }
    return node.getNodeType();
  }
}
