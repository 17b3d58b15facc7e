package dev.farol.doctor.doc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.farol.doctor.model.InputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON into {@link Node}s with their positions (Jackson's streaming parser, so each value keeps its
 * line). Problems become {@link InputException}s naming file and line.
 */
public final class JsonDocs {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonDocs() {}

  public static Node read(String shown, String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new InputException(shown, "empty: a JSON document is expected");
      }
      Node root = value(p, t, shown, 0);
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new InputException(shown + ":" + at.getLineNr(), "not valid JSON: more after the document ends");
      }
      return root;
    } catch (JsonParseException e) {
      JsonLocation at = e.getLocation();
      String message = e.getOriginalMessage();
      int nl = message.indexOf('\n');
      throw new InputException(at != null ? shown + ":" + at.getLineNr() : shown,
          "not valid JSON: " + (nl < 0 ? message : message.substring(0, nl)));
    } catch (IOException e) {
      throw new InputException(shown, "cannot be read: " + e.getMessage());
    }
  }

  private static Node value(JsonParser p, JsonToken t, String shown, int depth) throws IOException {
    if (depth > 200) {
      throw new InputException(shown + ":" + p.currentTokenLocation().getLineNr(), "JSON nested deeper than 200 levels");
    }
    JsonLocation start = p.currentTokenLocation();
    int line = start.getLineNr();
    int column = start.getColumnNr();
    switch (t) {
      case START_OBJECT: {
        List<Node.Entry> entries = new ArrayList<>();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          JsonLocation kl = p.currentTokenLocation();
          String name = p.currentName();
          Node.Scalar key = new Node.Scalar(name, null, false, kl.getLineNr(), kl.getColumnNr(), kl.getLineNr(),
              kl.getColumnNr() + name.length() + 2);
          entries.add(new Node.Entry(key, value(p, p.nextToken(), shown, depth + 1)));
        }
        JsonLocation end = p.currentLocation();
        return new Node.MapNode(entries, null, line, column, end.getLineNr(), end.getColumnNr());
      }
      case START_ARRAY: {
        List<Node> items = new ArrayList<>();
        JsonToken i;
        while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(value(p, i, shown, depth + 1));
        }
        JsonLocation end = p.currentLocation();
        return new Node.Seq(items, null, line, column, end.getLineNr(), end.getColumnNr());
      }
      case VALUE_STRING: {
        String v = p.getText();
        JsonLocation end = p.currentLocation();
        return new Node.Scalar(v, null, false, line, column, end.getLineNr(), end.getColumnNr());
      }
      case VALUE_NULL: {
        return new Node.Scalar("null", null, true, line, column, line, column + 4);
      }
      default: {
        String v = p.getText();
        return new Node.Scalar(v, null, true, line, column, line, column + v.length());
      }
    }
  }
}
