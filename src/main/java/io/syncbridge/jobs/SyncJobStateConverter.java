package io.syncbridge.jobs;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * A state as the contract spells it ({@code in_progress}), for {@code ?state=}; an empty value
 * filters nothing; an unknown one is a type mismatch, which ApiExceptionHandler answers.
 */
@Component
class SyncJobStateConverter implements Converter<String, SyncJobState> {

  @Override
  public SyncJobState convert(String value) {
    if (value.isEmpty()) {
      return null;
    }
    return SyncJobState.parse(value)
        .orElseThrow(() -> new IllegalArgumentException("No such state: " + value));
  }
}
