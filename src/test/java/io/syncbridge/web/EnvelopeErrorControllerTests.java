package io.syncbridge.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** Errors the container forwards to {@code /error} are answered in the envelope, never a page. */
@WebMvcTest(controllers = EnvelopeErrorController.class, properties = "sync-bridge.auth-token=t")
@Import(WebSliceConfiguration.class)
class EnvelopeErrorControllerTests {

  @Autowired private MockMvc mvc;

  @Test
  void aForwardedErrorKeepsItsStatusInTheEnvelope() throws Exception {
    mvc.perform(
            get("/error")
                .header("x-auth-token", "t")
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 503))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().json("{\"status\":503,\"message\":\"Service Unavailable\"}", true));
  }

  @Test
  void aClientCallingErrorItselfFindsNothing() throws Exception {
    mvc.perform(get("/error").header("x-auth-token", "t"))
        .andExpect(status().isNotFound())
        .andExpect(content().json("{\"status\":404,\"message\":\"Not Found\"}", true));
  }
}
