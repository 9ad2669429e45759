package io.syncbridge.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A test that runs on SQLite only: one about how the service uses SQLite (its file, pragmas,
 * serialised writes), or one not about the database, with nothing to learn from a second run.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(
    named = TestDatabase.PROPERTY,
    matches = "postgresql",
    disabledReason = "about SQLite only")
@Tag(SqliteOnly.TAG)
public @interface SqliteOnly {
  String TAG = "sqlite-only";
}
