package io.syncbridge.history;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.syncbridge.web.WebSliceConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The history routes' HTTP rules (SPEC §2), without a database: query parameters checked before the
 * service is asked, path ids that are not numbers answered 404, and each retry outcome's status and
 * message.
 */
@WebMvcTest(controllers = SyncHistoryController.class, properties = "sync-bridge.auth-token=t")
@Import(WebSliceConfiguration.class)
class SyncHistoryControllerTests {

  @Autowired private MockMvc mvc;
  @MockitoBean private SyncHistoryService history;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "?size=101|size|Ensure this value is less than or equal to 100.",
        "?size=0|size|Ensure this value is greater than or equal to 1.",
        "?page=0|page|Ensure this value is greater than or equal to 1.",
        "?page=abc|page|A valid integer is required.",
        "?size=1.5|size|A valid integer is required.",
        "?status=done|status|\"done\" is not a valid choice.",
        "?payload=maybe|payload|Must be a valid boolean."
      })
  void rejectsBadListingParametersBeforeAskingTheService(String query, String field, String message)
      throws Exception {
    mvc.perform(get("/api/v1/sync-history" + query).header("x-auth-token", "t"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.status").value(400))
        .andExpect(jsonPath("$.message").value("Invalid query parameters."))
        .andExpect(jsonPath("$.errors." + field).value(message));
    then(history).shouldHaveNoInteractions();
  }

  @Test
  void everyParameterOutOfRangeIsNamedAtOnce() throws Exception {
    mvc.perform(get("/api/v1/sync-history?page=0&size=101").header("x-auth-token", "t"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.errors.page").value("Ensure this value is greater than or equal to 1."))
        .andExpect(
            jsonPath("$.errors.size").value("Ensure this value is less than or equal to 100."));
    then(history).shouldHaveNoInteractions();
  }

  @Test
  void emptyParametersTakeTheirDefaultsAndAStatusFilters() throws Exception {
    given(history.list(any())).willReturn(new HistoryPage(List.of(), 1, 15, 0));

    mvc.perform(
            get("/api/v1/sync-history?page=&size=&status=&model=&payload=")
                .header("x-auth-token", "t"))
        .andExpect(status().isOk());
    mvc.perform(
            get("/api/v1/sync-history?page=2&size=5&status=pending_retry&model=orders&payload=no")
                .header("x-auth-token", "t"))
        .andExpect(status().isOk());

    then(history).should().list(new HistoryQuery(1, 15, null, null, true));
    then(history)
        .should()
        .list(new HistoryQuery(2, 5, SyncHistoryStatus.PENDING_RETRY, "orders", false));
  }

  @Test
  void listsTheFirstPageOf15WithPayloadsByDefault() throws Exception {
    given(history.list(any())).willReturn(new HistoryPage(List.of(), 1, 15, 0));

    mvc.perform(get("/api/v1/sync-history").header("x-auth-token", "t"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.message").value("Sync history"))
        .andExpect(jsonPath("$.data.total").value(0));
    then(history).should().list(new HistoryQuery(1, 15, null, null, true));
  }

  @Test
  void anIdThatIsNotANumberNamesNoEntry() throws Exception {
    mvc.perform(get("/api/v1/sync-history/abc").header("x-auth-token", "t"))
        .andExpect(status().isNotFound())
        .andExpect(content().json("{\"status\":404,\"message\":\"Sync history not found\"}", true));
    mvc.perform(delete("/api/v1/sync-history/abc").header("x-auth-token", "t"))
        .andExpect(status().isNotFound());
    then(history).shouldHaveNoInteractions();
  }

  @Test
  void aDeletedEntryIs204WithoutABody() throws Exception {
    given(history.delete(7)).willReturn(true);

    mvc.perform(delete("/api/v1/sync-history/7").header("x-auth-token", "t"))
        .andExpect(status().isNoContent())
        .andExpect(content().string(""));
  }

  @Test
  void aRetryOfAnEntryThatDidNotFailIs400AndOfNoEntry404() throws Exception {
    given(history.requestRetry(anyLong()))
        .willReturn(SyncHistoryService.RetryRequest.NOT_RETRYABLE)
        .willReturn(SyncHistoryService.RetryRequest.NOT_FOUND);

    mvc.perform(post("/api/v1/sync-history/retry/7").header("x-auth-token", "t"))
        .andExpect(status().isBadRequest())
        .andExpect(
            content()
                .json("{\"status\":400,\"message\":\"Only failed syncs can be retried.\"}", true));
    mvc.perform(post("/api/v1/sync-history/retry/8").header("x-auth-token", "t"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.message").value("Sync history not found"));
  }
}
