package io.syncbridge.console;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;

import io.syncbridge.web.WebSliceConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** The console's page is at the root and at /console, without the token (its data needs one). */
@WebMvcTest(controllers = ConsoleController.class, properties = "sync-bridge.auth-token=t")
@Import(WebSliceConfiguration.class)
class ConsoleControllerTests {

  @Autowired private MockMvc mvc;

  @ParameterizedTest
  @ValueSource(strings = {"/", "/console", "/console/"})
  void thePageIsServedWithoutTheToken(String path) throws Exception {
    mvc.perform(get(path)).andExpect(forwardedUrl("/console/index.html"));
  }
}
