package io.syncbridge.customer;

import io.syncbridge.db.BatchQueries;
import io.syncbridge.sync.RecordsRejectedException;
import io.syncbridge.sync.RowIds;
import io.syncbridge.sync.SyncResult;
import io.syncbridge.sync.UniqueKeys;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

  private static final String UPSERT =
      "INSERT INTO customers (id, email, first_name, last_name, default_currency, created_at,"
          + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET email = excluded.email,"
          + " first_name = excluded.first_name, last_name = excluded.last_name,"
          + " default_currency = excluded.default_currency, updated_at = excluded.updated_at";

  private final JdbcTemplate jdbc;
  private final BatchQueries queries;

  CustomerRepository(JdbcTemplate jdbc, BatchQueries queries) {
    this.jdbc = jdbc;
    this.queries = queries;
  }

  List<SyncResult> upsert(List<Customer> customers) {
    RowIds ids = RowIds.assign("customers", customers.stream().map(Customer::id).toList(), queries);
    List<String> emails = customers.stream().map(Customer::email).toList();
    var owners = queries.idsByUniqueValue("customers", "email", emails);
    RecordsRejectedException.throwIfAny(
        List.of(), UniqueKeys.conflicts(ids, emails, owners, "email", "customer"));

    Timestamp now = Timestamp.from(Instant.now());
    List<Object[]> rows = new ArrayList<>(customers.size());
    for (int i = 0; i < customers.size(); i++) {
      Customer c = customers.get(i);
      rows.add(
          new Object[] {
            ids.get(i), c.email(), c.firstName(), c.lastName(), c.defaultCurrency(), now, now
          });
    }
    jdbc.batchUpdate(UPSERT, rows);
    return ids.results();
  }
}
