package dev.farol.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract against DuckDB on disk, and what is particular to DuckDB's write path. */
class DuckDbStoreTest extends StoreContract {
  @TempDir
  Path dir;

  @Override
  protected Store open() throws Exception {
    return DuckDbStore.open(dir);
  }

  private static SpanRow span(String trace, String id, String parent, long start) {
    return new SpanRow(hex(trace), hex(id), parent == null ? null : hex(parent), "op", "svc", "SERVER", start,
        start + 1_000_000, 0, "", "{}", "[]", "[]", null, null);
  }

  @Test
  void aGroupThatFailsAfterItsSpans_leavesNothingBehind_andItsRetryStoresEachSpanOnce() throws Exception {
    DuckDbWriter writer = ((DuckDbStore) store).writer();
    String trace = "5b8efff798038103d269b633813fc60c";
    long now = System.currentTimeMillis() * 1_000_000L;
    Batch batch = Batch.ofSpans(List.of(span(trace, "eee19b7ec3c1b174", null, now),
        span(trace, "eee19b7ec3c1b175", "eee19b7ec3c1b174", now + 1)));
    writer.afterSpans = () -> {
      throw new SQLException("injected failure after the spans were appended");
    };
    assertThatThrownBy(() -> store.write(batch)).isInstanceOf(StoreException.class)
        .hasMessageContaining("injected failure");
    writer.afterSpans = () -> {};

    // the spans' appends belonged to the group's transaction: none of them was committed
    assertThat(store.trace(hex(trace))).isEmpty();
    assertThat(store.searchTraces(new TraceQuery(null, null, null, null, 0, 10))).isEmpty();

    store.write(batch);
    assertThat(store.trace(hex(trace))).extracting(s -> HexFormat.of().formatHex(s.spanId()))
        .containsExactly("eee19b7ec3c1b174", "eee19b7ec3c1b175");
    assertThat(store.searchTraces(new TraceQuery(null, null, null, null, 0, 10))).singleElement()
        .extracting(TraceSummary::spanCount).isEqualTo(2);
  }
}
