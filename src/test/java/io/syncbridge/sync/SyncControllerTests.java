package io.syncbridge.sync;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.LimitExceededException;
import io.syncbridge.history.SyncHistoryService;
import io.syncbridge.history.SyncStats;
import io.syncbridge.idempotency.IdempotentRequests;
import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordsRejectedException;
import io.syncbridge.upsert.UpsertResult;
import io.syncbridge.web.WebSliceConfiguration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The sync route's HTTP rules (SPEC §2), without a database: the body reaches the controller
 * through its converter (malformed JSON answered before the service is asked), and each outcome or
 * refusal of the service becomes its status and envelope in one place.
 */
@WebMvcTest(controllers = SyncController.class, properties = "sync-bridge.auth-token=t")
@Import(WebSliceConfiguration.class)
class SyncControllerTests {

  private static final String BODY = "{\"model\":\"customers\",\"data\":[{\"email\":\"a@b.c\"}]}";

  @Autowired private MockMvc mvc;
  @MockitoBean private SyncService sync;
  @MockitoBean private SyncModels models;
  @MockitoBean private SyncHistoryService history;
  @MockitoBean private IdempotentRequests idempotent;

  @Test
  void malformedJsonIs400AndNeverReachesTheService() throws Exception {
    mvc.perform(sync("{\"model\": \"customers\", \"data\": ["))
        .andExpect(status().isBadRequest())
        .andExpect(
            content().json("{\"status\":400,\"message\":\"Malformed JSON request body\"}", true));
    mvc.perform(sync(""))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.message").value("Malformed JSON request body"));
    then(sync).shouldHaveNoInteractions();
  }

  @Test
  void aKeyRepeatedInARecordIsNamedWithItsRecord() throws Exception {
    mvc.perform(sync("{\"model\":\"customers\",\"data\":[{},{\"email\":\"a\",\"email\":\"b\"}]}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors.email").value("Duplicate key."))
        .andExpect(jsonPath("$.details[0].index").value(1))
        .andExpect(jsonPath("$.details[0].field").value("email"));
    then(sync).shouldHaveNoInteractions();
  }

  @Test
  void onlyJsonIsAccepted() throws Exception {
    mvc.perform(
            post("/api/v1/sync")
                .header("x-auth-token", "t")
                .contentType(MediaType.TEXT_PLAIN)
                .content(BODY))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(jsonPath("$.message").value("Unsupported content type; send application/json"));
  }

  @Test
  void storedRecordsAre200AndAPartialSync207() throws Exception {
    given(sync.sync(any(), anyString()))
        .willReturn(new SyncOutcome.Succeeded(List.of(UpsertResult.created(7))))
        .willReturn(
            new SyncOutcome.CompletedWithErrors(
                List.of(
                    UpsertResult.updated(7),
                    FailedRecord.of(1, Map.of("email", "Enter a valid email address.")))));

    mvc.perform(sync(BODY))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .json(
                    "{\"status\":200,\"message\":\"Sync successful\","
                        + "\"data\":{\"results\":[{\"id\":7,\"status\":\"created\"}]}}",
                    true));
    mvc.perform(sync(BODY))
        .andExpect(status().isMultiStatus())
        .andExpect(jsonPath("$.message").value("Sync completed with errors"))
        .andExpect(jsonPath("$.data.results[0].status").value("updated"))
        .andExpect(jsonPath("$.data.results[1].status").value("failed"))
        .andExpect(
            jsonPath("$.data.results[1].errors.email").value("Enter a valid email address."));
  }

  @Test
  void rejectedRecordsAre400WithTheFirstRecordsErrorsAndEveryDetail() throws Exception {
    given(sync.sync(any(), anyString()))
        .willThrow(
            new RecordsRejectedException(
                RecordsRejectedException.Kind.INVALID,
                List.of(
                    new RecordError(2, "email", "Enter a valid email address."),
                    new RecordError(0, "first_name", "This field is required."),
                    new RecordError(0, "email", "This field is required."))));

    mvc.perform(sync(BODY))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.message")
                .value("Validation failed for one of the items in the data array."))
        .andExpect(jsonPath("$.errors.length()").value(2))
        .andExpect(jsonPath("$.errors.first_name").value("This field is required."))
        .andExpect(jsonPath("$.details.length()").value(3))
        .andExpect(jsonPath("$.details[2].index").value(2));
  }

  @Test
  void aBrokenUniqueKeyIs409() throws Exception {
    given(sync.sync(any(), anyString()))
        .willThrow(
            new RecordsRejectedException(
                RecordsRejectedException.Kind.CONFLICT,
                List.of(new RecordError(0, "email", "Duplicate in this request."))));

    mvc.perform(sync(BODY))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.message").value("Duplicate entry: field 'email' already exists"))
        .andExpect(jsonPath("$.errors.email").value("Duplicate in this request."));
  }

  @Test
  void anInvalidRequestIs400AndTooManyRecords413() throws Exception {
    given(sync.sync(any(), anyString()))
        .willThrow(
            new InvalidRequestException(
                "Invalid sync request.", Map.of("model", "This field is required."), null))
        .willThrow(
            new LimitExceededException(
                "Too many records: at most 2 per request.",
                Map.of("data", "Ensure this list has no more than 2 elements.")));

    mvc.perform(sync(BODY))
        .andExpect(status().isBadRequest())
        .andExpect(
            content()
                .json(
                    "{\"status\":400,\"message\":\"Invalid sync request.\","
                        + "\"errors\":{\"model\":\"This field is required.\"}}",
                    true));
    mvc.perform(sync(BODY))
        .andExpect(status().isContentTooLarge())
        .andExpect(
            jsonPath("$.errors.data").value("Ensure this list has no more than 2 elements."));
  }

  @Test
  void statsCountEveryRegisteredModel() throws Exception {
    given(models.names()).willReturn(new TreeSet<>(List.of("customers", "widgets")));
    given(history.stats()).willReturn(new SyncStats(3, 0, 0, 0, 0, 3, Map.of()));

    mvc.perform(get("/api/v1/sync/stats").header("x-auth-token", "t"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.message").value("Sync stats"))
        .andExpect(jsonPath("$.data.total").value(3))
        .andExpect(jsonPath("$.data.by_model.customers.total").value(0))
        .andExpect(jsonPath("$.data.by_model.widgets.total").value(0));
  }

  private static MockHttpServletRequestBuilder sync(String body) {
    return post("/api/v1/sync")
        .header("x-auth-token", "t")
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }
}
