package dev.farol.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract against DuckDB on disk. */
class DuckDbStoreTest extends StoreContract {
  @TempDir
  Path dir;

  @Override
  protected Store open() throws Exception {
    return DuckDbStore.open(dir);
  }
}
