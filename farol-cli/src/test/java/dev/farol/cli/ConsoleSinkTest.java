package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.runtime.env.LogSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console of farol up: each line once, an extension's lines marked with its name once. */
class ConsoleSinkTest {

  @Test
  void extensionLinesAreNamedOnce() {
    StringWriter text = new StringWriter();
    LogSink sink = RuntimeCommand.consoleSink(new PrintWriter(text), List.of());
    sink.line("clean-math", "function", "fibonacci(20) = 6765");
    sink.line("clean-math", "extension:farol-extension", "[farol-extension] ready in 60 ms");
    sink.line("clean-math", "extension:other", "listening on 9999");
    assertThat(text.toString().lines()).containsExactly(
        "clean-math | fibonacci(20) = 6765",
        "clean-math | [farol-extension] ready in 60 ms",
        "clean-math | [other] listening on 9999");
  }
}
