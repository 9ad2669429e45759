package io.syncbridge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.parser.Parser;
import graphql.validation.ValidationError;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DocumentCacheTests {

  private final AtomicInteger parsed = new AtomicInteger();
  private final Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate =
      input -> {
        parsed.incrementAndGet();
        return input.getQuery().contains("invalid")
            ? new PreparsedDocumentEntry(
                ValidationError.newValidationError().description("x").build())
            : new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
      };

  @Test
  void requestsWithTheSameTextShareOneParsedDocument() {
    DocumentCache cache = new DocumentCache(2, 100);

    Document first = document(cache, "{ employees { id } }");
    Document second = document(cache, "{ employees { id } }");

    assertThat(second).isSameAs(first);
    assertThat(parsed).hasValue(1);
  }

  @Test
  void invalidAndLongDocumentsAreNotKept() {
    DocumentCache cache = new DocumentCache(2, 30);

    entry(cache, "{ invalid }");
    entry(cache, "{ invalid }");
    document(cache, "{ employees { id email fullName } }");
    document(cache, "{ employees { id email fullName } }");

    assertThat(parsed).hasValue(4);
    assertThat(cache.size()).isZero();
  }

  @Test
  void theLeastRecentlyUsedDocumentLeavesFirst() {
    DocumentCache cache = new DocumentCache(2, 100);
    Document a = document(cache, "{ a: employees { id } }");
    document(cache, "{ b: employees { id } }");
    document(cache, "{ a: employees { id } }");

    document(cache, "{ c: employees { id } }");

    assertThat(cache.size()).isEqualTo(2);
    assertThat(document(cache, "{ a: employees { id } }")).isSameAs(a);
    assertThat(parsed).hasValue(3);
    document(cache, "{ b: employees { id } }");
    assertThat(parsed).as("b was evicted").hasValue(4);
  }

  private Document document(DocumentCache cache, String query) {
    return entry(cache, query).getDocument();
  }

  private PreparsedDocumentEntry entry(DocumentCache cache, String query) {
    return cache
        .getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), parseAndValidate)
        .join();
  }
}
