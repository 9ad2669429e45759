package io.syncbridge.history;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * A status as the contract spells it ({@code pending_retry}), for {@code ?status=}; an empty value
 * filters nothing; an unknown one is a type mismatch, which ApiExceptionHandler answers.
 */
@Component
class SyncHistoryStatusConverter implements Converter<String, SyncHistoryStatus> {

  @Override
  public SyncHistoryStatus convert(String value) {
    if (value.isEmpty()) {
      return null;
    }
    return SyncHistoryStatus.parse(value)
        .orElseThrow(() -> new IllegalArgumentException("No such status: " + value));
  }
}
