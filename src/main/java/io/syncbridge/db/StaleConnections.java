package io.syncbridge.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * SQLite opens a file it cannot write read-only, silently, and such a connection stays read-only
 * after the file is writable again. Connections the pool opened during a storage failure would so
 * fail one write each once the cause is gone; they are renewed instead, all of them (those in use
 * once they are returned), after a storage failure and once writes succeed again.
 */
@Component
public class StaleConnections {

  private final DataSource dataSource;

  StaleConnections(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void renewAll() {
    try {
      if (dataSource.isWrapperFor(HikariDataSource.class)) {
        var pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        if (pool != null) {
          pool.softEvictConnections();
        }
      }
    } catch (SQLException e) {
      // Not a pool that can be asked: nothing to renew.
    }
  }
}
