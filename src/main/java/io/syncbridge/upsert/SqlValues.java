package io.syncbridge.upsert;

import java.math.BigDecimal;
import java.sql.Timestamp;

/**
 * Compares a value as the app binds it with the value the driver reads back, across the types
 * SQLite (and PostgreSQL) hand back: numbers of any class, booleans stored as 0/1, timestamps
 * stored as epoch milliseconds.
 */
final class SqlValues {

  private SqlValues() {}

  public static boolean sameRow(Object[] bound, Object[] stored) {
    for (int i = 0; i < bound.length; i++) {
      if (!same(bound[i], stored[i])) {
        return false;
      }
    }
    return true;
  }

  public static boolean same(Object bound, Object stored) {
    if (bound == null || stored == null) {
      return bound == null && stored == null;
    }
    if (bound instanceof Boolean flag) {
      return stored instanceof Boolean b ? b.equals(flag) : number(stored) == (flag ? 1 : 0);
    }
    if (bound instanceof Timestamp timestamp) {
      return stored instanceof java.util.Date date
          ? date.getTime() == timestamp.getTime()
          : stored instanceof Number n && n.longValue() == timestamp.getTime();
    }
    if (bound instanceof Number number) {
      return stored instanceof Number other
          && new BigDecimal(number.toString()).compareTo(new BigDecimal(other.toString())) == 0;
    }
    return bound.equals(stored);
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : Long.MIN_VALUE;
  }
}
