package io.syncbridge.customer;

import io.syncbridge.record.RecordReader;
import io.syncbridge.sync.ModelSync;
import io.syncbridge.upsert.UpsertResult;
import java.util.List;
import org.springframework.stereotype.Component;

@Component
class CustomerSync implements ModelSync<Customer> {

  private final CustomerRepository repository;

  CustomerSync(CustomerRepository repository) {
    this.repository = repository;
  }

  @Override
  public String model() {
    return "customers";
  }

  @Override
  public Customer read(RecordReader reader) {
    return new Customer(
        reader.id(),
        reader.requiredEmail("email", 254),
        reader.requiredString("first_name", 150),
        reader.requiredString("last_name", 150),
        reader.currency("default_currency", "USD"));
  }

  @Override
  public List<String> matchKeys() {
    return List.of("email");
  }

  @Override
  public List<String> tables() {
    return List.of("customers");
  }

  @Override
  public List<UpsertResult> store(List<Customer> customers, String matchOn) {
    return repository.upsert(customers, matchOn);
  }
}
