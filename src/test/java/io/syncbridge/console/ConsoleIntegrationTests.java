package io.syncbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import org.junit.jupiter.api.Test;

/** The console is served by the app itself, without the token, with everything it loads. */
class ConsoleIntegrationTests extends IntegrationTest {

  @Test
  void theConsoleLoadsAtTheRootAndAtConsoleWithoutTheToken() {
    for (String path : new String[] {"/", "/console"}) {
      TestResponse page = anonymous.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("content-type")).startsWith("text/html");
      assertThat(page.body()).contains("<title>Sync Bridge console</title>");
      // Its own scripts, styles and WebSocket only: nothing from elsewhere.
      assertThat(page.header("content-security-policy"))
          .contains("default-src 'self'")
          .contains("connect-src 'self' ws: wss:");
    }
  }

  @Test
  void everyAssetThePageLoadsIsInTheJar() {
    String page = anonymous.get("/console").body();
    for (String asset :
        new String[] {
          "/console/app.js",
          "/console/console.css",
          "/webjars/uplot/dist/uPlot.iife.min.js",
          "/webjars/uplot/dist/uPlot.min.css"
        }) {
      assertThat(page).contains(asset);
      assertThat(anonymous.get(asset).status()).as(asset).isEqualTo(200);
    }
    assertThat(page).doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void theDataBehindItStillNeedsTheToken() {
    assertThat(anonymous.get("/api/v1/sync/stats").status()).isEqualTo(401);
    assertThat(anonymous.get("/api/v1/sync-history").status()).isEqualTo(401);
  }
}
