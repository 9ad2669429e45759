package io.syncbridge.jobs;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.syncbridge.web.WebSliceConfiguration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The job routes' HTTP rules, without a database: listing parameters checked before the service is
 * asked, ids that are not numbers answered 404, the upload's content types, and the created job's
 * status and envelope.
 */
@WebMvcTest(controllers = SyncJobController.class, properties = "sync-bridge.auth-token=t")
@Import({WebSliceConfiguration.class, SyncJobStateConverter.class})
class SyncJobControllerTests {

  @Autowired private MockMvc mvc;
  @MockitoBean private SyncJobService jobs;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "?size=101|size|Ensure this value is less than or equal to 100.",
        "?page=0|page|Ensure this value is greater than or equal to 1.",
        "?page=abc|page|A valid integer is required.",
        "?state=done|state|\"done\" is not a valid choice."
      })
  void rejectsBadListingParametersBeforeAskingTheService(String query, String field, String message)
      throws Exception {
    mvc.perform(get("/api/v1/sync-jobs" + query).header("x-auth-token", "t"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.message").value("Invalid query parameters."))
        .andExpect(jsonPath("$.errors." + field).value(message));
    then(jobs).shouldHaveNoInteractions();
  }

  @Test
  void anIdThatIsNotANumberNamesNoJob() throws Exception {
    mvc.perform(get("/api/v1/sync-jobs/abc").header("x-auth-token", "t"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.message").value("Sync job not found"));
    then(jobs).shouldHaveNoInteractions();
  }

  @Test
  void uploadsTakeCsvOrNdjsonOnly() throws Exception {
    mvc.perform(
            put("/api/v1/sync-jobs/1/data")
                .header("x-auth-token", "t")
                .contentType("application/json")
                .content("[]"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(
            jsonPath("$.message")
                .value("Unsupported content type; send text/csv or application/x-ndjson"));
    then(jobs).shouldHaveNoInteractions();
  }

  @Test
  void aCreatedJobIs201InTheEnvelope() throws Exception {
    given(jobs.create(any()))
        .willReturn(
            new SyncJobView(
                7,
                "customers",
                SyncJobState.OPEN,
                null,
                0,
                0,
                0,
                0,
                0,
                null,
                Instant.EPOCH,
                null,
                null,
                0));

    mvc.perform(
            post("/api/v1/sync-jobs")
                .header("x-auth-token", "t")
                .contentType("application/json")
                .content("{\"model\":\"customers\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.status").value(201))
        .andExpect(jsonPath("$.message").value("Sync job created"))
        .andExpect(jsonPath("$.data.id").value(7))
        .andExpect(jsonPath("$.data.state").value("open"));
  }

  @Test
  void aJobNotFoundIs404() throws Exception {
    given(jobs.find(anyLong())).willReturn(java.util.Optional.empty());

    mvc.perform(get("/api/v1/sync-jobs/5").header("x-auth-token", "t"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.message").value("Sync job not found"));
  }
}
