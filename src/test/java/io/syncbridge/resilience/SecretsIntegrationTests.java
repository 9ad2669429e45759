package io.syncbridge.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.support.IntegrationTest;
import io.syncbridge.support.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The token and bank account numbers never reach the logs, and failure reasons never echo them:
 * exercised through successes, validation failures, conflicts, wrong tokens and a retry.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsIntegrationTests extends IntegrationTest {

  private static final String BANK_ACCOUNT = "DE44500105175407324931";

  @Test
  void neitherTheTokenNorABankAccountNumberIsLoggedOrEchoed(CapturedOutput output) {
    String employee =
        "{\"employee_id\":\"E1\",\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\"%s\","
            + "\"bank_account_number\":\""
            + BANK_ACCOUNT
            + "\"}";
    TestResponse created = sync("employees", "[" + employee.formatted("e1@example.com") + "]");
    TestResponse invalid = sync("employees", "[" + employee.formatted("not-an-email") + "]");
    TestResponse conflict =
        sync("employees", "[" + employee.formatted("e1@example.com").replace("E1", "E2") + "]");
    TestResponse tooLong =
        sync(
            "employees",
            "["
                + employee.formatted("e3@example.com").replace(BANK_ACCOUNT, BANK_ACCOUNT.repeat(4))
                + "]");
    TestResponse wrongToken =
        anonymous.get("/api/v1/sync/stats", "x-auth-token", TOKEN + "-but-not-quite");
    long failed =
        jdbc.queryForObject("SELECT max(id) FROM sync_history WHERE status = 'failed'", Long.class);
    api.postJson("/api/v1/sync-history/retry/" + failed, "");

    assertThat(created.status()).isEqualTo(200);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(wrongToken.status()).isEqualTo(401);
    for (TestResponse response : new TestResponse[] {invalid, conflict, tooLong, wrongToken}) {
      assertThat(response.body()).doesNotContain(BANK_ACCOUNT, TOKEN);
    }
    assertThat(
            jdbc.queryForList(
                "SELECT failure_reason FROM sync_history WHERE failure_reason IS NOT NULL",
                String.class))
        .isNotEmpty()
        .allSatisfy(reason -> assertThat(reason).doesNotContain(BANK_ACCOUNT, TOKEN));
    assertThat(output.getAll()).doesNotContain(BANK_ACCOUNT).doesNotContain(TOKEN);
  }
}
