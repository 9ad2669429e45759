package io.syncbridge.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips the PostgreSQL run of a test, with the reason, where no PostgreSQL can be had. */
public final class PostgresAvailability implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!TestDatabase.isPostgres()) {
      return ConditionEvaluationResult.enabled("SQLite run");
    }
    String reason = TestDatabase.unavailableReason();
    return reason == null
        ? ConditionEvaluationResult.enabled("PostgreSQL run")
        : ConditionEvaluationResult.disabled(reason);
  }
}
