package io.syncbridge.support;

import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A response with its body parsed as JSON on demand. */
public record TestResponse(HttpResponse<String> raw) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public int status() {
    return raw.statusCode();
  }

  public String body() {
    return raw.body();
  }

  public JsonNode json() {
    return JSON.readTree(raw.body());
  }

  public String header(String name) {
    return raw.headers().firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return status() + " " + body();
  }
}
