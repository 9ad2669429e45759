package io.syncbridge.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** A test of how the service uses SQLite (its file, pragmas, serialised writes). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(
    named = TestDatabase.PROPERTY,
    matches = "postgresql",
    disabledReason = "about SQLite only")
public @interface SqliteOnly {}
