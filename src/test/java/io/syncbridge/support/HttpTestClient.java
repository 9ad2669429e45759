package io.syncbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain JDK HTTP client for contract tests: it sends paths exactly as written (no normalisation),
 * so tests can probe path spellings, methods and headers the way real clients do.
 */
public final class HttpTestClient {

  private final HttpClient client = HttpClient.newHttpClient();
  private final String baseUrl;
  private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

  public HttpTestClient(int port) {
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /** A client that sends the given header on every request. */
  public HttpTestClient withHeader(String name, String value) {
    Map<String, String> headers = new LinkedHashMap<>(defaultHeaders);
    headers.put(name, value);
    return new HttpTestClient(baseUrl, headers);
  }

  private HttpTestClient(String baseUrl, Map<String, String> headers) {
    this.baseUrl = baseUrl;
    this.defaultHeaders.putAll(headers);
  }

  public TestResponse get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public TestResponse postJson(String path, String json, String... headers) {
    return send("POST", path, json, withContentType(headers));
  }

  public TestResponse delete(String path, String... headers) {
    return send("DELETE", path, null, headers);
  }

  public TestResponse send(String method, String path, String body, String... headers) {
    BodyPublisher publisher =
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body);
    return sendBody(method, path, publisher, headers);
  }

  /** Sends any body publisher, e.g. one of unknown length so that the body goes chunked. */
  public TestResponse sendBody(String method, String path, BodyPublisher body, String... headers) {
    // A hung answer fails the test instead of hanging the build.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    defaultHeaders.forEach(request::header);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    request.method(method, body);
    try {
      return new TestResponse(client.send(request.build(), BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String[] withContentType(String[] headers) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("content-type")) {
        return headers;
      }
    }
    String[] all = new String[headers.length + 2];
    all[0] = "content-type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return all;
  }
}
