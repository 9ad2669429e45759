package io.syncbridge.db;

/**
 * A write of data refused before it began: the SQLite database's disk is down to its reserve (see
 * {@link DiskReserve}). Answered like a full disk (507), and nothing of the request is stored.
 */
public class DiskReserveReachedException extends RuntimeException {

  DiskReserveReachedException() {
    super("The database's disk space is down to its reserve; nothing was stored, retry later");
  }
}
