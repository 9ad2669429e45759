package io.syncbridge.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.sqlite.JDBC;
import org.sqlite.core.DB;
import org.sqlite.jdbc4.JDBC4Connection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * SQLite connections that keep their prepared statements. sqlite-jdbc compiles a statement's SQL
 * every time one is prepared, and neither the pool nor Hibernate keeps them: for a 1-record sync
 * that compiling was about an eighth of the server's CPU (docs/performance.md). Here a statement
 * closed by its user goes back to its connection, reset and with its parameters cleared, and the
 * next {@code prepareStatement} of the same SQL on that connection takes it. PostgreSQL's driver
 * keeps server-side prepared statements by itself.
 *
 * <p>The pool (Hikari) gets its connections from here instead of from the driver, with the same URL
 * and properties, so every pragma applies as before.
 */
final class SqliteStatementCache extends AbstractDataSource {

  /** Statements kept per connection: the service runs a few dozen distinct short statements. */
  static final int STATEMENTS_PER_CONNECTION = 100;

  /**
   * Longer SQL is not kept: an {@code IN} list of a bulk batch is written for its size, seldom
   * repeats, and compiling it is little beside running it.
   */
  static final int LONGEST_KEPT_SQL = 2_000;

  private final String url;
  private final Properties properties;

  SqliteStatementCache(String url, Properties properties) {
    this.url = url.trim();
    this.properties = properties;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return new CachingConnection(url, url.substring(JDBC.PREFIX.length()), properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  private static final class CachingConnection extends JDBC4Connection {

    /** Idle statements by SQL, least recently used first. Used by one thread at a time (pool). */
    private final Map<String, KeptStatement> idle =
        new LinkedHashMap<>(32, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, KeptStatement> eldest) {
            if (size() <= STATEMENTS_PER_CONNECTION) {
              return false;
            }
            eldest.getValue().discard();
            return true;
          }
        };

    CachingConnection(String url, String fileName, Properties properties) throws SQLException {
      super(url, fileName, properties);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
      if (sql.length() > LONGEST_KEPT_SQL) {
        return super.prepareStatement(sql);
      }
      KeptStatement kept = idle.remove(sql);
      return kept != null ? kept.reuse() : new KeptStatement(this, sql);
    }

    void giveBack(KeptStatement statement) {
      KeptStatement previous = idle.put(statement.sql(), statement);
      if (previous != null) {
        previous.discard();
      }
    }

    @Override
    public void close() throws SQLException {
      idle.values().forEach(KeptStatement::discard);
      idle.clear();
      super.close();
    }
  }

  private static final class KeptStatement extends JDBC4PreparedStatement {

    private final CachingConnection connection;
    private boolean inUse = true;

    KeptStatement(CachingConnection connection, String sql) throws SQLException {
      super(connection, sql);
      this.connection = connection;
    }

    String sql() {
      return sql;
    }

    KeptStatement reuse() {
      inUse = true;
      return this;
    }

    /** Back to its connection, as if newly prepared: no results, no parameters, no batch. */
    @Override
    public void close() throws SQLException {
      if (!inUse || isClosed()) {
        return;
      }
      if (connection.isClosed()) {
        super.close();
        return;
      }
      try {
        // Reset, it holds no read snapshot; its parameters cleared, it holds no payload.
        rs.close();
        pointer.safeRunConsume(DB::reset);
        clearParameters();
        clearBatch();
        clearGeneratedKeys();
        setMaxRows(0);
      } catch (SQLException e) {
        super.close();
        throw e;
      }
      inUse = false;
      connection.giveBack(this);
    }

    void discard() {
      try {
        super.close();
      } catch (SQLException e) {
        // Its connection is closing, or has closed it already: nothing is left to free.
      }
    }
  }
}
