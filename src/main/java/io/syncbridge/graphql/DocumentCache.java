package io.syncbridge.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated documents, by their text: clients send the same few documents again and
 * again, and every open subscription keeps its document for as long as it lives. Sharing one parsed
 * document between all subscriptions of the same text saves each of them its own syntax tree, and
 * every request after the first its parsing and validation; the depth and cost limits still apply
 * to every request, as they run when the operation executes. Only valid documents up to {@code
 * maxLength} characters are kept, at most {@code maxEntries} of them, the least recently used
 * leaving first, so a client sending ever new documents cannot make it grow.
 */
final class DocumentCache implements PreparsedDocumentProvider {

  private final int maxLength;
  private final Map<String, PreparsedDocumentEntry> entries;

  DocumentCache(int maxEntries, int maxLength) {
    this.maxLength = maxLength;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    String query = input.getQuery();
    if (query.length() > maxLength) {
      return CompletableFuture.completedFuture(parseAndValidate.apply(input));
    }
    PreparsedDocumentEntry entry;
    synchronized (entries) {
      entry = entries.get(query);
    }
    if (entry == null) {
      entry = parseAndValidate.apply(input);
      if (!entry.hasErrors()) {
        synchronized (entries) {
          entries.put(query, entry);
        }
      }
    }
    return CompletableFuture.completedFuture(entry);
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
