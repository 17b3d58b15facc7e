package dev.farol.doctor.hcl;

import static dev.farol.doctor.hcl.Functions.strict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * String functions, as Terraform defines them. All are strict: an argument that is not fully known makes
 * the call unknown. Regular expressions are RE2's as far as Java's agree ({@code (?P<name>)} is accepted).
 * Lengths and offsets count Unicode code points.
 */
final class StringFunctions {

  private StringFunctions() {
  }

  static void register(Map<String, Functions.Def> lib) {
    strict(lib, "lower", 1, 1, a -> Value.of(a.string(0).toLowerCase(Locale.ROOT)));
    strict(lib, "upper", 1, 1, a -> Value.of(a.string(0).toUpperCase(Locale.ROOT)));
    strict(lib, "title", 1, 1, a -> Value.of(title(a.string(0))));
    strict(lib, "trimspace", 1, 1, a -> Value.of(a.string(0).strip()));
    strict(lib, "trim", 2, 2, a -> Value.of(trim(a.string(0), a.string(1))));
    strict(lib, "trimprefix", 2, 2, a -> {
      String s = a.string(0);
      String p = a.string(1);
      return Value.of(s.startsWith(p) ? s.substring(p.length()) : s);
    });
    strict(lib, "trimsuffix", 2, 2, a -> {
      String s = a.string(0);
      String p = a.string(1);
      return Value.of(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
    });
    strict(lib, "chomp", 1, 1, a -> Value.of(a.string(0).replaceAll("(\r\n|\n)+$", "")));
    strict(lib, "indent", 2, 2, a -> Value.of(a.string(1).replace("\n", "\n" + " ".repeat(Math.max(0, a.integer(0))))));
    strict(lib, "strrev", 1, 1, a -> Value.of(new StringBuilder(a.string(0)).reverse().toString()));
    strict(lib, "startswith", 2, 2, a -> Value.of(a.string(0).startsWith(a.string(1))));
    strict(lib, "endswith", 2, 2, a -> Value.of(a.string(0).endsWith(a.string(1))));
    strict(lib, "strcontains", 2, 2, a -> Value.of(a.string(0).contains(a.string(1))));
    strict(lib, "join", 2, -1, StringFunctions::join);
    strict(lib, "split", 2, 2, a -> {
      String sep = a.string(0);
      String s = a.string(1);
      List<Value> parts = new ArrayList<>();
      if (sep.isEmpty()) {
        s.codePoints().forEach(cp -> parts.add(Value.of(Character.toString(cp))));
      } else {
        for (String p : s.split(Pattern.quote(sep), -1)) {
          parts.add(Value.of(p));
        }
      }
      return Value.list(parts);
    });
    strict(lib, "replace", 3, 3, StringFunctions::replace);
    strict(lib, "substr", 3, 3, StringFunctions::substr);
    strict(lib, "format", 1, -1, a -> Value.of(Format.format(a, a.string(0), a.all().subList(1, a.size()), 1)));
    strict(lib, "formatlist", 1, -1, StringFunctions::formatlist);
    strict(lib, "regex", 2, 2, a -> {
      Matcher m = pattern(a, 0).matcher(a.string(1));
      if (!m.find()) {
        throw a.fail("the pattern " + SyntaxMessages.quote(a.string(0)) + " does not match "
            + SyntaxMessages.quote(a.string(1)));
      }
      return match(a.string(0), m);
    });
    strict(lib, "regexall", 2, 2, a -> {
      Matcher m = pattern(a, 0).matcher(a.string(1));
      List<Value> out = new ArrayList<>();
      while (m.find()) {
        out.add(match(a.string(0), m));
      }
      return Value.list(out);
    });
  }

  /** Go's strings.Title: the first letter of each word in upper case. */
  private static String title(String s) {
    StringBuilder out = new StringBuilder();
    boolean start = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      out.appendCodePoint(start ? Character.toTitleCase(cp) : cp);
      start = !(Character.isLetterOrDigit(cp) || cp == '_' || cp == '\'');
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static String trim(String s, String cutset) {
    int start = 0;
    int end = s.length();
    while (start < end && cutset.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && cutset.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }

  private static Value join(Args a) {
    String sep = a.string(0);
    List<String> parts = new ArrayList<>();
    for (int i = 1; i < a.size(); i++) {
      for (Value item : a.list(i).items()) {
        final int arg = i;
        parts.add(item.asString().orElseThrow(() -> a.error(arg, "must hold strings, found "
            + Values.describe(item))));
      }
    }
    return Value.of(String.join(sep, parts));
  }

  /** replace(): plain text, or a regular expression when the search text is written as {@code /re/}. */
  private static Value replace(Args a) {
    String s = a.string(0);
    String search = a.string(1);
    String replacement = a.string(2);
    if (search.length() > 1 && search.startsWith("/") && search.endsWith("/")) {
      Pattern p = compile(a, 1, search.substring(1, search.length() - 1));
      String javaReplacement = replacement.replace("\\", "\\\\").replaceAll("\\$\\{(\\d+)\\}", "\\$$1");
      try {
        return Value.of(p.matcher(s).replaceAll(javaReplacement));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw a.error(2, "refers to a group the pattern does not have: " + SyntaxMessages.quote(replacement));
      }
    }
    return Value.of(s.replace(search, replacement));
  }

  private static Value substr(Args a) {
    String s = a.string(0);
    int offset = a.integer(1);
    int length = a.integer(2);
    int count = s.codePointCount(0, s.length());
    if (offset < 0) {
      offset = Math.max(0, count + offset);
    }
    if (offset > count) {
      throw a.error(1, "is past the end of the string (" + count + " characters)");
    }
    int end = length < 0 ? count : Math.min(count, offset + length);
    return Value.of(s.substring(s.offsetByCodePoints(0, offset), s.offsetByCodePoints(0, end)));
  }

  /** formatlist(): lists are walked together (they must have the same length); other values repeat. */
  private static Value formatlist(Args a) {
    String spec = a.string(0);
    int n = -1;
    for (int i = 1; i < a.size(); i++) {
      if (a.get(i) instanceof Value.ListV l) {
        if (n >= 0 && l.items().size() != n) {
          throw a.error(i, "has " + l.items().size() + " items, but an earlier list has " + n);
        }
        n = l.items().size();
      }
    }
    List<Value> out = new ArrayList<>();
    for (int row = 0; row < Math.max(n, 1); row++) {
      List<Value> values = new ArrayList<>();
      for (int i = 1; i < a.size(); i++) {
        values.add(a.get(i) instanceof Value.ListV l ? l.items().get(row) : a.get(i));
      }
      if (n == 0) {
        break;
      }
      out.add(Value.of(Format.format(a, spec, values, 1)));
    }
    return Value.list(out);
  }

  private static Pattern pattern(Args a, int i) {
    return compile(a, i, a.string(i));
  }

  private static Pattern compile(Args a, int i, String re) {
    try {
      return Pattern.compile(re.replace("(?P<", "(?<"));
    } catch (PatternSyntaxException e) {
      throw a.error(i, "is not a valid regular expression: " + e.getDescription());
    }
  }

  /** A match as regex() gives it: the text without groups, a list of the groups, or a map of named groups. */
  private static Value match(String re, Matcher m) {
    if (m.groupCount() == 0) {
      return Value.of(m.group());
    }
    Matcher names = Pattern.compile("\\(\\?P?<([a-zA-Z][a-zA-Z0-9_]*)>").matcher(re);
    Map<String, Value> named = new LinkedHashMap<>();
    while (names.find()) {
      String g = m.group(names.group(1));
      named.put(names.group(1), g == null ? Value.NULL : Value.of(g));
    }
    if (!named.isEmpty()) {
      return Value.map(named);
    }
    List<Value> groups = new ArrayList<>();
    for (int g = 1; g <= m.groupCount(); g++) {
      groups.add(m.group(g) == null ? Value.NULL : Value.of(m.group(g)));
    }
    return Value.list(groups);
  }
}
