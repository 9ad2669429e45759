package io.syncbridge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.introspection.IntrospectionQuery;
import graphql.scalars.ExtendedScalars;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import reactor.core.publisher.Flux;

/**
 * {@link QueryLimits} on the real schema with the default limits (depth 15, cost 10,000), executed
 * by graphql-java alone: data fetchers that count their calls stand in for the controller, so a
 * refused operation shows that nothing of it ran.
 */
class QueryLimitsTests {

  private static final int MAX_DEPTH = 15;
  private static final int MAX_COMPLEXITY = 10_000;
  private static final String EVERY_FIELD =
      "id employeeId firstName middleName lastName gender email phoneNumber dateOfBirth"
          + " nationality jobLevel department location bankAccountNumber company jobTitle"
          + " costCenter startDate employeeStatus managerId managerEmail lastModifiedOn"
          + " lastModified fullName";

  private final AtomicInteger fetches = new AtomicInteger();
  private final GraphQL graphQl =
      GraphQL.newGraphQL(schema())
          .instrumentation(new QueryLimits(MAX_DEPTH, MAX_COMPLEXITY))
          .build();

  @Test
  void theLargestPageWithEveryFieldRuns() {
    ExecutionResult result = execute("{ employees(limit: 100) { " + EVERY_FIELD + " } }");

    assertThat(result.getErrors()).isEmpty();
    assertThat(fetches).hasValue(1);
    assertThat(cost("{ employees(limit: 100) { " + EVERY_FIELD + " } }")).isEqualTo(2_401);
  }

  @Test
  void fiveHundredAliasesOfTheLargestPageAreRefusedBeforeAnythingRuns() {
    ExecutionResult result = execute(aliases(500, "employees(limit: 100) { id email }", ""));

    GraphQLError error = onlyError(result);
    assertThat(error.getMessage())
        .startsWith("Query too complex: it costs 100500, at most 10000 is allowed");
    assertThat(error.getExtensions())
        .containsEntry("code", "BAD_USER_INPUT")
        .containsEntry("complexity", 100_500L)
        .containsEntry("maxComplexity", MAX_COMPLEXITY);
    assertThat(result.<Object>getData()).isNull();
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aSelectionMovedIntoAFragmentCostsWhereverItIsSpread() {
    // graphql-java's own MaxQueryComplexityInstrumentation visits a fragment once per document:
    // it counts this document as about 500.
    String document =
        aliases(
            500, "employees(limit: 100) { ...row }", "fragment row on EmployeeType { id email }");

    GraphQLError error = onlyError(execute(document));

    assertThat(error.getExtensions()).containsEntry("complexity", 100_500L);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aLimitGivenAsAVariableAndTheSchemasDefaultLimitCount() {
    assertThat(cost("query($n: Int!) { employees(limit: $n) { id email } }", Map.of("n", 100)))
        .isEqualTo(201);
    assertThat(cost("{ employees { id email } }")).as("default limit 10").isEqualTo(21);
    assertThat(cost("{ searchEmployees(search: \"a\", limit: 50) { id } }")).isEqualTo(51);
    assertThat(cost("{ employee(id: 1) { id email } }")).as("not a list").isEqualTo(3);
  }

  @Test
  void fieldsOfTheSameNameMergeAsGraphQlExecutesThem() {
    String twice =
        "{ employees(limit: 100) { id } ...page } fragment page on Query { employees(limit: 100) { id } }";

    assertThat(execute(twice).getErrors()).isEmpty();
    assertThat(fetches).hasValue(1);
    assertThat(cost(twice)).isEqualTo(101);
  }

  @Test
  void fragmentsThatDoubleUpAreRefusedQuickly() {
    // Sixty fragments, each spreading the one before twice: 2^60 copies of one field in 2 KB.
    // Execution would merge them into one, but measuring them one by one would never end.
    StringBuilder document =
        new StringBuilder("{ ...f60 } fragment f0 on Query { employees(limit: 100) { id } }");
    for (int i = 1; i <= 60; i++) {
      document.append(" fragment f%d on Query { ...f%d ...f%d }".formatted(i, i - 1, i - 1));
    }

    long started = System.nanoTime();
    GraphQLError error = onlyError(execute(document.toString()));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(error.getMessage())
        .startsWith("Query too complex: it selects more than 10000 fields");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void limitsTooLargeForAnIntegerStillCountAsTooComplex() {
    String document = aliases(4, "employees(limit: 2147483647) { id email fullName }", "");

    GraphQLError error = onlyError(execute(document));

    assertThat(error.getMessage()).startsWith("Query too complex: it costs 25769803768,");
  }

  @Test
  void moreFieldsThanTheMaximumCostAreRefusedWithoutMeasuringFurther() {
    // 101 lists of 100 fields each: 10,201 fields in about 1,000 tokens.
    String document =
        aliases(
            101,
            "employees(limit: 1) { ...hundred }",
            aliases(100, "id", "").replace("{", "fragment hundred on EmployeeType {"));

    GraphQLError error = onlyError(execute(document));

    assertThat(error.getMessage())
        .isEqualTo(
            "Query too complex: it selects more than 10000 fields (fragments counted wherever they"
                + " are spread), so it costs more than 10000, the most allowed");
    assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT");
  }

  @Test
  void theIntrospectionQueriesOfGraphiQlAndGraphQlJavaPass() {
    assertThat(execute(IntrospectionQuery.INTROSPECTION_QUERY).getErrors()).isEmpty();
    assertThat(execute(graphiQlIntrospectionQuery()).getErrors()).isEmpty();
  }

  @Test
  void introspectionNestedDeeperThanTheLimitIsRefused() {
    // __schema types fields type, then ofType 12 times: 16 levels.
    String document =
        "{ __schema { types { fields { type { "
            + "ofType { ".repeat(12)
            + "name"
            + " }".repeat(16)
            + " }";

    GraphQLError error = onlyError(execute(document));

    assertThat(error.getMessage())
        .isEqualTo("Query too deep: it nests 17 levels, at most 15 are allowed");
    assertThat(error.getExtensions())
        .containsEntry("code", "BAD_USER_INPUT")
        .containsEntry("depth", 17)
        .containsEntry("maxDepth", MAX_DEPTH);
  }

  @Test
  void subscriptionsAreMeasuredToo() {
    GraphQL strict =
        GraphQL.newGraphQL(schema()).instrumentation(new QueryLimits(MAX_DEPTH, 20)).build();

    ExecutionResult allowed = strict.execute("subscription { employeeCreated { id email } }");
    ExecutionResult refused =
        strict.execute("subscription { employeeCreated { " + EVERY_FIELD + " } }");

    assertThat(allowed.getErrors()).isEmpty();
    assertThat(onlyError(refused).getMessage()).startsWith("Query too complex:");
    assertThat(fetches).as("only the allowed subscription's fetcher ran").hasValue(1);
  }

  // --- helpers --------------------------------------------------------------------------------

  private ExecutionResult execute(String document) {
    return graphQl.execute(document);
  }

  private long cost(String document) {
    return cost(document, Map.of());
  }

  /** The cost through the same normalized form the instrumentation measures. */
  private long cost(String document, Map<String, Object> variables) {
    GraphQLSchema schema = schema();
    var operation =
        graphql.normalized.ExecutableNormalizedOperationFactory
            .createExecutableNormalizedOperationWithRawVariables(
                schema,
                graphql.parser.Parser.parse(document),
                null,
                graphql.execution.RawVariables.of(variables));
    return QueryLimits.cost(operation.getTopLevelFields(), schema);
  }

  private static String aliases(int count, String field, String fragments) {
    return IntStream.range(0, count)
            .mapToObj(i -> "a" + i + ": " + field)
            .collect(Collectors.joining(" ", "{ ", " } "))
        + fragments;
  }

  private static GraphQLError onlyError(ExecutionResult result) {
    assertThat(result.getErrors()).hasSize(1);
    return result.getErrors().get(0);
  }

  private GraphQLSchema schema() {
    DataFetcher<List<Object>> list =
        env -> {
          fetches.incrementAndGet();
          return List.of();
        };
    DataFetcher<Flux<Object>> events =
        env -> {
          fetches.incrementAndGet();
          return Flux.never();
        };
    RuntimeWiring wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(ExtendedScalars.DateTime)
            .scalar(ExtendedScalars.GraphQLLong)
            .type(
                "Query",
                type -> type.dataFetcher("employees", list).dataFetcher("searchEmployees", list))
            .type("Subscription", type -> type.dataFetcher("employeeCreated", events))
            .build();
    return new SchemaGenerator()
        .makeExecutableSchema(new SchemaParser().parse(read("graphql/schema.graphqls")), wiring);
  }

  /** GraphiQL 2's (graphql-js 16's) introspection query: TypeRef nests ofType seven times. */
  private static String graphiQlIntrospectionQuery() {
    String typeRef = "kind name " + "ofType { kind name ".repeat(7) + "}".repeat(7);
    return """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) {
            name description args { ...InputValue } type { ...TypeRef }
            isDeprecated deprecationReason
          }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type { %s }
        """
        .formatted(typeRef);
  }

  private static String read(String resource) {
    try {
      return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
