package io.syncbridge.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/** Read-only looks at a SQLite file the app is not running on (stopped, killed, or a copy). */
final class DatabaseFile {

  private DatabaseFile() {}

  /** One row of a query, as strings. */
  record Row(List<String> values) {
    String get(int column) {
      return values.get(column);
    }
  }

  /**
   * Copies the database with its write-ahead log as a killed process left them, so that the copy
   * can be opened (which recovers the log) without touching the files the app restarts on.
   */
  static Path copyAsLeft(Path database, Path copyDirectory) {
    try {
      Files.createDirectories(copyDirectory);
      Path copy = copyDirectory.resolve(database.getFileName());
      Files.copy(database, copy, StandardCopyOption.REPLACE_EXISTING);
      Path wal = database.resolveSibling(database.getFileName() + "-wal");
      if (Files.exists(wal)) {
        Files.copy(wal, copy.resolveSibling(copy.getFileName() + "-wal"));
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String integrityCheck(Path database) {
    return String.join(
        "\n", query(database, "PRAGMA integrity_check").stream().map(r -> r.get(0)).toList());
  }

  static long count(Path database, String sql) {
    return Long.parseLong(query(database, sql).get(0).get(0));
  }

  static List<Row> query(Path database, String sql) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + database, config.toProperties());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      int columns = rows.getMetaData().getColumnCount();
      List<Row> result = new ArrayList<>();
      while (rows.next()) {
        List<String> values = new ArrayList<>(columns);
        for (int c = 1; c <= columns; c++) {
          values.add(rows.getString(c));
        }
        result.add(new Row(values));
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("Reading " + database + ": " + e.getMessage(), e);
    }
  }
}
