package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API of one running {@link PackagedApp}, over HTTP/1.1 keep-alive connections. */
final class ApiClient {

  static final JsonMapper JSON = JsonMapper.builder().build();
  // Far above any answer the service should take: a request that hangs is a finding, not a wait.
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;

  ApiClient(int port) {
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /** POST /api/v1/sync; an exception means no answer came (refused, reset, killed). */
  HttpResponse<String> sync(String body, String requestId)
      throws IOException, InterruptedException {
    HttpRequest request =
        request("/api/v1/sync")
            .header("content-type", "application/json")
            .header("x-request-id", requestId)
            .POST(BodyPublishers.ofString(body))
            .build();
    return http.send(request, BodyHandlers.ofString());
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(request(pathAndQuery).GET().build(), BodyHandlers.ofString());
  }

  /** The {@code data} of a GET that must answer 200. */
  JsonNode getData(String pathAndQuery) {
    try {
      HttpResponse<String> response = get(pathAndQuery);
      assertThat(response.statusCode())
          .as("GET %s: %s", pathAndQuery, response.body())
          .isEqualTo(200);
      return JSON.readTree(response.body()).get("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every history entry, newest first, read page by page as a client would. */
  List<JsonNode> allHistory(boolean withPayload) {
    List<JsonNode> entries = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode data =
          getData("/api/v1/sync-history?page=" + page + "&size=100&payload=" + withPayload);
      JsonNode rows = data.get("data");
      if (rows.isEmpty()) {
        assertThat(entries)
            .as("entries listed vs the listing's total")
            .hasSize(data.get("total").asInt());
        return entries;
      }
      for (int i = 0; i < rows.size(); i++) {
        entries.add(rows.get(i));
      }
    }
  }

  /** The ids of a 200 sync answer's results, in input order. */
  static List<Long> resultIds(String body) {
    JsonNode results = JSON.readTree(body).get("data").get("results");
    List<Long> ids = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      ids.add(results.get(i).get("id").asLong());
    }
    return ids;
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(REQUEST_TIMEOUT)
        .header("x-auth-token", PackagedApp.TOKEN);
  }
}
