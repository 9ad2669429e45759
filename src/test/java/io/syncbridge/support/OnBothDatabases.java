package io.syncbridge.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that runs on SQLite and again on PostgreSQL: the build's {@code postgresql} execution
 * selects this tag (see {@link TestDatabase}). Every {@link IntegrationTest} carries it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(OnBothDatabases.TAG)
public @interface OnBothDatabases {
  String TAG = "both-databases";
}
