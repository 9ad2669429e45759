package io.syncbridge.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The OpenAPI routes without the application: both forms served without the token, and what the
 * customizers fill in (the models, in the application) present in each.
 */
@WebMvcTest(controllers = ApiDocumentation.class, properties = "sync-bridge.auth-token=t")
@Import({WebSliceConfiguration.class, ApiDocumentationTests.MarkingCustomizer.class})
class ApiDocumentationTests {

  @Autowired private MockMvc mvc;

  @Test
  void theJsonFormIsServedWithoutTheTokenAndCustomized() throws Exception {
    mvc.perform(get("/v3/api-docs"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith("application/json"))
        .andExpect(jsonPath("$.openapi").value(Matchers.startsWith("3.")))
        .andExpect(jsonPath("$.paths['/api/v1/sync'].post").exists())
        .andExpect(jsonPath("$.x-customized-by").value("a test"));
  }

  @Test
  void theYamlFormSaysTheSame() throws Exception {
    mvc.perform(get("/v3/api-docs.yaml"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith("application/yaml"))
        .andExpect(content().string(Matchers.startsWith("openapi: 3.")))
        .andExpect(content().string(Matchers.containsString("x-customized-by: a test")));
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class MarkingCustomizer {

    @Bean
    ApiDocumentCustomizer marking() {
      return (Map<String, Object> document) -> document.put("x-customized-by", "a test");
    }
  }
}
