package io.syncbridge.db;

import org.springframework.data.jpa.repository.query.DeclaredQuery;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactories;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactory;
import org.springframework.data.jpa.repository.query.QueryEnhancerSelector;

/**
 * Declared queries as written: Spring Data parses each one with a grammar of its own, which it
 * needs only to derive count queries or add a sort, and none of ours asks for either. Its ANTLR
 * parser cost start-up time.
 */
class PlainQueryEnhancers implements QueryEnhancerSelector {

  @Override
  public QueryEnhancerFactory select(DeclaredQuery query) {
    return QueryEnhancerFactories.fallback();
  }
}
