package io.syncbridge.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of several instances on one database, which only PostgreSQL can be: runs in the PostgreSQL
 * run of the suite (see {@link TestDatabase}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfSystemProperty(
    named = TestDatabase.PROPERTY,
    matches = "postgresql",
    disabledReason = "instances share one PostgreSQL: runs in the PostgreSQL run of the suite")
@ExtendWith(PostgresAvailability.class)
@Tag(PostgresOnly.TAG)
public @interface PostgresOnly {
  String TAG = "postgresql-only";
}
