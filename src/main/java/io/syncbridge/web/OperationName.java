package io.syncbridge.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name of the operation a route performs, e.g. {@code sync_history.list}: the name of its timer
 * (tagged with the outcome) and of its request log line (see {@link OperationMetrics}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OperationName {
  String value();
}
