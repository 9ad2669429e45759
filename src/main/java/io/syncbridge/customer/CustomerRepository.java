package io.syncbridge.customer;

import io.syncbridge.upsert.BatchQueries;
import io.syncbridge.upsert.TableUpsert;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

  private static final TableUpsert<Customer> UPSERT =
      new TableUpsert<>(
          "customers",
          "customer",
          "email",
          List.of("email", "first_name", "last_name", "default_currency"),
          Customer::id,
          c -> new Object[] {c.email(), c.firstName(), c.lastName(), c.defaultCurrency()});

  private final BatchQueries queries;

  CustomerRepository(BatchQueries queries) {
    this.queries = queries;
  }

  List<UpsertResult> upsert(List<Customer> customers, String matchOn) {
    var batch = UPSERT.plan(customers, matchOn, List.of(), queries);
    batch.write(queries);
    return batch.results();
  }
}
