package dev.farol.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.findings.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every finding code is documented in docs/doctor.md, under the heading its anchor points at. */
class DocsTest {

  @Test
  void everyCode_hasItsSection_inCodeOrder() throws Exception {
    Path doc = Path.of(System.getProperty("farol.home", ".."), "docs", "doctor.md");
    List<String> headings = Files.readAllLines(doc).stream().filter(l -> l.startsWith("### FAROL-")).toList();
    List<String> expected = java.util.Arrays.stream(Code.values()).map(c -> "### " + c.id() + " " + c.slug()).toList();
    assertThat(headings).containsExactlyElementsOf(expected);
    for (Code c : Code.values()) {
      // what GitHub makes of the heading is the anchor findings link to
      String anchor = (c.id() + " " + c.slug()).toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
      assertThat(anchor).isEqualTo(c.anchor());
    }
  }
}
