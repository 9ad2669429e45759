package io.syncbridge.web;

import java.util.Map;

/**
 * Fills in a part of the served OpenAPI document that the code knows better than a file: applied
 * once, at start-up, to the document as read from {@code openapi/sync-bridge.yaml}.
 */
public interface ApiDocumentCustomizer {

  /** Changes the document in place (maps and lists as SnakeYAML reads them). */
  void customize(Map<String, Object> document);
}
