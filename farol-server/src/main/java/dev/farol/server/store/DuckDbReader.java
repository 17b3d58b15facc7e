package dev.farol.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One reading connection of the {@link DuckDbStore} and the statements prepared on it; used by one thread at a
 * time (a read leases it from the store's pool).
 */
final class DuckDbReader {
  final Connection db;
  final Map<String, PreparedStatement> statements = new HashMap<>();

  DuckDbReader(Connection db) {
    this.db = db;
  }

  /**
   * The statement for this SQL, prepared once; closing what this returns only clears its parameters, so
   * the read methods keep their try-with-resources.
   */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement real = statements.get(sql);
    if (real == null || real.isClosed()) {
      if (statements.size() > 64) {
        for (PreparedStatement old : statements.values()) {
          old.close();
        }
        statements.clear();
      }
      real = db.prepareStatement(sql);
      statements.put(sql, real);
    }
    PreparedStatement target = real;
    return (PreparedStatement) java.lang.reflect.Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            target.clearParameters();
            return null;
          }
          try {
            return method.invoke(target, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  void close() {
    try {
      for (PreparedStatement p : statements.values()) {
        p.close();
      }
      statements.clear();
      db.close();
    } catch (SQLException e) {
      // closing
    }
  }
}
