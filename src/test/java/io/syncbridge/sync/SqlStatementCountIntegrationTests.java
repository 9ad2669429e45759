package io.syncbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The data path is set-based: a request of 1,000 records prepares exactly as many SQL statements as
 * one of 10 (each lookup is one query whatever the number of keys, writes are JDBC batches).
 */
@Import(SqlStatementCountIntegrationTests.CountingDataSource.class)
class SqlStatementCountIntegrationTests extends IntegrationTest {

  static final AtomicInteger PREPARED = new AtomicInteger();

  @Test
  void customerCreatesAndUpdatesTakeAConstantNumberOfStatements() {
    // Ids apart, so that each request only creates or only updates: one that does both writes
    // with one batch statement more (new rows and stored rows are written apart).
    int createTen = statementsFor("customers", 10, i -> customer(i + 1000, "ten"));
    int createThousand = statementsFor("customers", 1000, i -> customer(i, "thousand"));
    int updateThousand = statementsFor("customers", 1000, i -> customer(i, "again"));
    int updateTen = statementsFor("customers", 10, i -> customer(i + 1000, "again"));

    assertThat(createThousand).isEqualTo(createTen);
    assertThat(updateThousand).isEqualTo(updateTen);
    // Updates skip the lookup of ids already found by the unique-key lookup.
    assertThat(updateThousand).isLessThanOrEqualTo(createTen);
    assertThat(statementsFor("customers", 20, i -> customer(i + 1000, "mixed")))
        .isEqualTo(createTen + 1);
  }

  @Test
  void ordersWithItemsTakeAConstantNumberOfStatements() {
    statementsFor("customers", 1000, i -> customer(i, "c"));
    statementsFor(
        "products", 3, i -> "{\"id\":" + (i + 1) + ",\"name\":\"P" + i + "\",\"price\":1}");

    int createTen = statementsFor("orders", 10, i -> order(i + 1, "ten"));
    int createThousand = statementsFor("orders", 1000, i -> order(i + 11, "thousand"));
    int replaceTen = statementsFor("orders", 10, i -> order(i + 1, "ten"));
    int replaceThousand = statementsFor("orders", 1000, i -> order(i + 11, "thousand"));

    assertThat(createThousand).isEqualTo(createTen);
    // Replacing items adds one DELETE of the old items, however many orders there are.
    assertThat(replaceThousand).isEqualTo(replaceTen).isLessThanOrEqualTo(createTen + 1);
    assertThat(count("order_items")).isEqualTo(3 * 1010);
  }

  @Test
  void productsAndEmployeesTakeAConstantNumberOfStatements() {
    assertThat(statementsFor("products", 1000, i -> product(i, "k")))
        .isEqualTo(statementsFor("products", 10, i -> product(i, "t")));
    assertThat(statementsFor("employees", 1000, i -> employee(i, "k")))
        .isEqualTo(statementsFor("employees", 10, i -> employee(i, "t")));
  }

  private int statementsFor(String model, int records, IntFunction<String> record) {
    String data =
        IntStream.range(0, records).mapToObj(record).collect(Collectors.joining(",", "[", "]"));
    PREPARED.set(0);
    TestResponse response = sync(model, data);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return PREPARED.get();
  }

  private static String customer(int i, String tag) {
    return "{\"id\":"
        + (i + 1)
        + ",\"email\":\"c"
        + i
        + "@example.com\",\"first_name\":\""
        + tag
        + "\",\"last_name\":\"X\"}";
  }

  private static String product(int i, String tag) {
    return "{\"name\":\"" + tag + i + "\",\"price\":\"9.99\"}";
  }

  private static String employee(int i, String tag) {
    return "{\"employeeId\":\"E"
        + i
        + "\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\""
        + tag
        + i
        + "@example.com\"}";
  }

  private static String order(int id, String tag) {
    return "{\"id\":%d,\"order_number\":\"%s%d\",\"customer_id\":%d,\"status\":\"new\",\"items\":[%s]}"
        .formatted(
            id,
            tag,
            id,
            id % 1000 + 1,
            "{\"product_id\":1,\"qty\":1,\"unit_price\":1},"
                + "{\"product_id\":2,\"qty\":2,\"unit_price\":2},"
                + "{\"product_id\":3,\"qty\":3,\"unit_price\":3}");
  }

  /** Wraps the data source so that every statement prepared on any connection is counted. */
  @TestConfiguration(proxyBeanMethods = false)
  static class CountingDataSource {

    @Bean
    static BeanPostProcessor countStatements() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof DataSource dataSource ? proxy(dataSource) : bean;
        }
      };
    }

    private static DataSource proxy(DataSource target) {
      InvocationHandler connections =
          (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection connection ? counting(connection) : result;
          };
      return (DataSource)
          Proxy.newProxyInstance(
              DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, connections);
    }

    private static Connection counting(Connection target) {
      InvocationHandler statements =
          (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("prepareStatement")
                || name.equals("prepareCall")
                || name.equals("createStatement")) {
              PREPARED.incrementAndGet();
            }
            return invoke(target, method, args);
          };
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, statements);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
