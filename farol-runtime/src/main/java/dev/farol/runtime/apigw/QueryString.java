package dev.farol.runtime.apigw;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query string parsing: decoded names and values in order, a name without {@code =} has "". */
final class QueryString {

  private QueryString() {}

  static Map<String, List<String>> parse(String rawQuery) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return result;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = PercentDecoder.decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : PercentDecoder.decodeQuery(pair.substring(eq + 1));
      result.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return result;
  }
}
