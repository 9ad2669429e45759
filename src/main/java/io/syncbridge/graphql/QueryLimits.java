package io.syncbridge.graphql;

import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses an operation that nests deeper than {@code maxDepth} or costs more than {@code
 * maxComplexity}, before any of it runs: in every transport (HTTP, both WebSocket subprotocols) and
 * for subscriptions too, as a GraphQL error with code BAD_USER_INPUT.
 *
 * <p>A field costs 1 plus its selection; a list field with a {@code limit} argument returns up to
 * that many objects, so its selection counts that many times (at least once: every field of the
 * operation costs at least 1). The operation is measured as graphql-java will execute it (its
 * normalized form: fragments expanded wherever they are spread, fields of the same name merged),
 * not from the document's text: graphql-java's {@code MaxQueryComplexityInstrumentation} and {@code
 * MaxQueryDepthInstrumentation} walk the document visiting each fragment once, so 500 aliases of
 * {@code employees(limit: 100) { ...F }} counted as one. Building the normalized form stops after
 * {@code maxComplexity} fields (each costs at least 1), which also bounds the work of measuring a
 * hostile document.
 */
final class QueryLimits extends SimplePerformantInstrumentation {

  static final String LIMIT_ARGUMENT = "limit";

  private final int maxDepth;
  private final int maxComplexity;

  QueryLimits(int maxDepth, int maxComplexity) {
    this.maxDepth = maxDepth;
    this.maxComplexity = maxComplexity;
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    ExecutionContext context = parameters.getExecutionContext();
    if (spelledOutFields(
            context.getOperationDefinition().getSelectionSet(),
            context.getFragmentsByName(),
            new HashMap<>())
        > maxComplexity) {
      throw tooManyFields();
    }
    ExecutableNormalizedOperation operation;
    try {
      operation =
          ExecutableNormalizedOperationFactory.createExecutableNormalizedOperation(
              context.getGraphQLSchema(),
              context.getOperationDefinition(),
              context.getFragmentsByName(),
              context.getCoercedVariables(),
              ExecutableNormalizedOperationFactory.Options.defaultOptions()
                  .maxFieldsCount(maxComplexity));
    } catch (AbortExecutionException moreFieldsThanTheMaximum) {
      throw tooManyFields();
    }
    int depth = operation.getOperationDepth();
    if (depth > maxDepth) {
      throw new LimitExceeded(
          "Query too deep: it nests " + depth + " levels, at most " + maxDepth + " are allowed",
          "depth",
          depth,
          "maxDepth",
          maxDepth);
    }
    long complexity = cost(operation.getTopLevelFields(), context.getGraphQLSchema());
    if (complexity > maxComplexity) {
      throw new LimitExceeded(
          "Query too complex: it costs "
              + (complexity == MAX_COST ? "more than " + MAX_COST : complexity)
              + ", at most "
              + maxComplexity
              + " is allowed (a field costs 1 plus its selection, a list field with a limit its"
              + " selection that many times)",
          "complexity",
          complexity,
          "maxComplexity",
          maxComplexity);
    }
    return null;
  }

  private LimitExceeded tooManyFields() {
    return new LimitExceeded(
        "Query too complex: it selects more than "
            + maxComplexity
            + " fields (fragments counted wherever they are spread), so it costs more than "
            + maxComplexity
            + ", the most allowed",
        "maxComplexity",
        maxComplexity);
  }

  /**
   * The fields of a selection set with every fragment written out where it is spread, before fields
   * of the same name merge. Execution follows each fragment once per selection set, but the
   * normalized form collects every spread: 30 fragments that each spread the one before twice, a
   * few hundred bytes, would have it collect 2^30 fields. Each fragment is counted once and then
   * looked up (validation has already refused fragment cycles).
   */
  static long spelledOutFields(
      SelectionSet selectionSet,
      Map<String, FragmentDefinition> fragments,
      Map<String, Long> fragmentSizes) {
    if (selectionSet == null) {
      return 0;
    }
    long count = 0;
    for (Selection<?> selection : selectionSet.getSelections()) {
      long size = 0;
      if (selection instanceof Field field) {
        size = 1 + spelledOutFields(field.getSelectionSet(), fragments, fragmentSizes);
      } else if (selection instanceof InlineFragment inline) {
        size = spelledOutFields(inline.getSelectionSet(), fragments, fragmentSizes);
      } else if (selection instanceof FragmentSpread spread) {
        size = fragmentSize(spread.getName(), fragments, fragmentSizes);
      }
      count = Math.min(MAX_COST, count + size);
    }
    return count;
  }

  private static long fragmentSize(
      String name, Map<String, FragmentDefinition> fragments, Map<String, Long> fragmentSizes) {
    Long known = fragmentSizes.get(name);
    if (known != null) {
      return known;
    }
    FragmentDefinition fragment = fragments.get(name);
    long size =
        fragment == null
            ? 0
            : spelledOutFields(fragment.getSelectionSet(), fragments, fragmentSizes);
    fragmentSizes.put(name, size);
    return size;
  }

  /** Where costs stop growing: far above any maximum, and far from overflowing a long. */
  static final long MAX_COST = 1_000_000_000_000_000L;

  static long cost(List<ExecutableNormalizedField> fields, GraphQLSchema schema) {
    long sum = 0;
    for (ExecutableNormalizedField field : fields) {
      long selection = cost(field.getChildren(), schema);
      long rows = rows(field, schema);
      long rowsCost = selection > MAX_COST / rows ? MAX_COST : rows * selection;
      sum = Math.min(MAX_COST, sum + 1 + rowsCost);
    }
    return sum;
  }

  private static long rows(ExecutableNormalizedField field, GraphQLSchema schema) {
    boolean list = GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(field.getType(schema)));
    Object limit = field.getResolvedArguments().get(LIMIT_ARGUMENT);
    return list && limit instanceof Number n ? Math.max(1, n.longValue()) : 1;
  }

  /** Carries its own code, so the error says BAD_USER_INPUT and why in every transport. */
  static final class LimitExceeded extends AbortExecutionException {

    private final Map<String, Object> extensions;

    /** {@code details}: name, value pairs, after the code in the extensions. */
    LimitExceeded(String message, Object... details) {
      super(message);
      this.extensions = ErrorCode.BAD_USER_INPUT.extensions(details);
    }

    @Override
    public Map<String, Object> getExtensions() {
      return extensions;
    }
  }
}
