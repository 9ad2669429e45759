package io.syncbridge.upsert;

import java.util.List;

/** The two statements of a {@link TableUpsert}: an insert of new rows, an upsert of stored ones. */
final class UpsertStatements {

  private UpsertStatements() {}

  static String insert(String table, List<String> columns) {
    return "INSERT INTO "
        + table
        + " (id, "
        + String.join(", ", columns)
        + ", created_at, updated_at) VALUES (?, "
        + "?, ".repeat(columns.size())
        + "?, ?)";
  }

  static String upsert(String table, List<String> columns, boolean versioned) {
    StringBuilder updates = new StringBuilder();
    for (String column : columns) {
      updates.append(column).append(" = excluded.").append(column).append(", ");
    }
    if (versioned) {
      // Right-hand sides read the row as it was before this write, in SQLite as in PostgreSQL.
      updates
          .append("version = ")
          .append(table)
          .append(".version + 1, previous_updated_at = ")
          .append(table)
          .append(".updated_at, ");
    }
    return insert(table, columns)
        + " ON CONFLICT (id) DO UPDATE SET "
        + updates
        + "updated_at = excluded.updated_at";
  }
}
