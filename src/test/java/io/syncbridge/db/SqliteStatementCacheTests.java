package io.syncbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStatementCacheTests {

  @TempDir Path directory;
  SqliteStatementCache connections;

  @BeforeEach
  void createTable() throws SQLException {
    Properties pragmas = new Properties();
    pragmas.setProperty("journal_mode", "WAL");
    pragmas.setProperty("busy_timeout", "100");
    connections = new SqliteStatementCache("jdbc:sqlite:" + directory.resolve("test.db"), pragmas);
    try (Connection connection = connections.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (a TEXT)");
      statement.execute("INSERT INTO t VALUES ('1'), ('2'), ('3')");
    }
  }

  @Test
  void aClosedStatementIsTakenAgainWithoutItsParameters() throws SQLException {
    try (Connection connection = connections.getConnection()) {
      PreparedStatement first = connection.prepareStatement("INSERT INTO t VALUES (?)");
      first.setString(1, "bound once");
      first.executeUpdate();
      first.close();

      PreparedStatement second = connection.prepareStatement("INSERT INTO t VALUES (?)");
      second.executeUpdate();
      second.close();

      assertThat(second).isSameAs(first);
      assertThat(countRows(connection, "SELECT a FROM t WHERE a IS NULL OR a = 'bound once'"))
          .isEqualTo(2);
    }
  }

  @Test
  void aStatementInUseIsNotHandedOutTwice() throws SQLException {
    try (Connection connection = connections.getConnection();
        PreparedStatement open = connection.prepareStatement("SELECT a FROM t");
        PreparedStatement another = connection.prepareStatement("SELECT a FROM t")) {
      assertThat(another).isNotSameAs(open);
    }
  }

  @Test
  void aKeptStatementHoldsNoReadSnapshot() throws SQLException {
    try (Connection reader = connections.getConnection();
        Connection writer = connections.getConnection();
        Statement writes = writer.createStatement()) {
      writes.execute("INSERT INTO t VALUES ('4')");
      PreparedStatement query = reader.prepareStatement("SELECT a FROM t");
      ResultSet rows = query.executeQuery();
      assertThat(rows.next()).isTrue();
      // Closed after one row of four, its result set left open: a pool user may do that.
      query.close();
      writes.execute("INSERT INTO t VALUES ('5')");

      // A reader still on the snapshot before '5' would keep the log from being emptied.
      try (ResultSet checkpoint = writes.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        assertThat(checkpoint.getInt(1)).as("the checkpoint was blocked by a reader").isZero();
      }
    }
  }

  @Test
  void closingTheConnectionFreesItsKeptStatements() throws SQLException {
    PreparedStatement kept;
    try (Connection connection = connections.getConnection()) {
      kept = connection.prepareStatement("SELECT a FROM t");
      kept.close();
    }
    assertThat(kept.isClosed()).isTrue();
  }

  private static int countRows(Connection connection, String sql) throws SQLException {
    int rows = 0;
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows++;
      }
    }
    return rows;
  }
}
