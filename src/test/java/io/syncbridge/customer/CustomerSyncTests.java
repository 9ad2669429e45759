package io.syncbridge.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** SPEC §2 record rules for customers. */
class CustomerSyncTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final CustomerSync sync = new CustomerSync(null);

  private RecordReader reader;

  /** Reads {@code json} (single quotes for readability) as record 0. */
  private Customer read(String json) {
    reader = new RecordReader(0, JSON.readTree(json.replace('\'', '"')));
    return sync.read(reader);
  }

  private static RecordError error(String field, String message) {
    return new RecordError(0, field, message);
  }

  @Test
  void readsAValidCustomer() {
    Customer customer =
        read(
            "{'id':12,'email':'ada@example.com','first_name':'Ada','last_name':'Lovelace',"
                + "'default_currency':'GBP'}");
    assertThat(reader.errors()).isEmpty();
    assertThat(customer).isEqualTo(new Customer(12L, "ada@example.com", "Ada", "Lovelace", "GBP"));
  }

  @Test
  void modelNameIsCustomers() {
    assertThat(sync.model()).isEqualTo("customers");
  }

  @Test
  void idIsNullWhenNotSent() {
    Customer customer = read("{'email':'ada@example.com','first_name':'Ada','last_name':'L'}");
    assertThat(reader.hasErrors()).isFalse();
    assertThat(customer.id()).isNull();
  }

  @Test
  void acceptsNumericStringAsId() {
    Customer customer =
        read("{'id':'12','email':'ada@example.com','first_name':'Ada','last_name':'L'}");
    assertThat(reader.hasErrors()).isFalse();
    assertThat(customer.id()).isEqualTo(12L);
  }

  @Test
  void rejectsNonNumericId() {
    read("{'id':'x12','email':'ada@example.com','first_name':'Ada','last_name':'L'}");
    assertThat(reader.errors()).containsExactly(error("id", "A valid integer is required."));
  }

  @Test
  void defaultsCurrencyToUsd() {
    Customer customer = read("{'email':'ada@example.com','first_name':'Ada','last_name':'L'}");
    assertThat(customer.defaultCurrency()).isEqualTo("USD");
  }

  @Test
  void rejectsCurrencyThatIsNotThreeLetters() {
    read(
        "{'email':'ada@example.com','first_name':'Ada','last_name':'L',"
            + "'default_currency':'E1R'}");
    assertThat(reader.errors())
        .containsExactly(error("default_currency", "Enter a 3-letter currency code."));
  }

  @Test
  void requiresEmailFirstNameAndLastName() {
    read("{}");
    assertThat(reader.errors())
        .containsExactly(
            error("email", "This field is required."),
            error("first_name", "This field is required."),
            error("last_name", "This field is required."));
  }

  @Test
  void rejectsNullRequiredFields() {
    read("{'email':null,'first_name':null,'last_name':null}");
    assertThat(reader.errors())
        .containsExactly(
            error("email", "This field may not be null."),
            error("first_name", "This field may not be null."),
            error("last_name", "This field may not be null."));
  }

  @Test
  void rejectsBlankNames() {
    read("{'email':'ada@example.com','first_name':'','last_name':'  '}");
    assertThat(reader.errors())
        .containsExactly(
            error("first_name", "This field may not be blank."),
            error("last_name", "This field may not be blank."));
  }

  @Test
  void rejectsInvalidEmail() {
    read("{'email':'ada.example.com','first_name':'Ada','last_name':'L'}");
    assertThat(reader.errors()).containsExactly(error("email", "Enter a valid email address."));
  }

  @Test
  void acceptsUnicodeEmailAndNamesVerbatim() {
    Customer customer =
        read("{'email':'zoë@exämple.de','first_name':'Zoë','last_name':'Ñúñez 🙂'}");
    assertThat(reader.errors()).isEmpty();
    assertThat(customer.email()).isEqualTo("zoë@exämple.de");
    assertThat(customer.firstName()).isEqualTo("Zoë");
    assertThat(customer.lastName()).isEqualTo("Ñúñez 🙂");
  }

  @Test
  void acceptsEmailOf254Characters() {
    String email =
        "a".repeat(64)
            + "@"
            + "b".repeat(60)
            + "."
            + "c".repeat(60)
            + "."
            + "d".repeat(60)
            + ".com"; // 251
    email = "xyz" + email;
    assertThat(email).hasSize(254);
    read("{'email':'" + email + "','first_name':'Ada','last_name':'L'}");
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsEmailOver254Characters() {
    String email =
        "a".repeat(64)
            + "@"
            + "b".repeat(60)
            + "."
            + "c".repeat(60)
            + "."
            + "d".repeat(60)
            + ".com";
    email = "wxyz" + email;
    assertThat(email).hasSize(255);
    read("{'email':'" + email + "','first_name':'Ada','last_name':'L'}");
    assertThat(reader.errors())
        .containsExactly(error("email", "Ensure this field has no more than 254 characters."));
  }

  @Test
  void acceptsNamesOf150Characters() {
    String name = "n".repeat(150);
    Customer customer =
        read("{'email':'a@example.com','first_name':'" + name + "','last_name':'" + name + "'}");
    assertThat(reader.errors()).isEmpty();
    assertThat(customer.firstName()).hasSize(150);
  }

  @Test
  void rejectsFirstNameOver150Characters() {
    read("{'email':'a@example.com','first_name':'" + "n".repeat(151) + "','last_name':'L'}");
    assertThat(reader.errors())
        .containsExactly(error("first_name", "Ensure this field has no more than 150 characters."));
  }

  @Test
  void rejectsLastNameOver150Characters() {
    read("{'email':'a@example.com','first_name':'Ada','last_name':'" + "n".repeat(151) + "'}");
    assertThat(reader.errors())
        .containsExactly(error("last_name", "Ensure this field has no more than 150 characters."));
  }

  @Test
  void countsNameLengthInCodePoints() {
    String emoji = "😀".repeat(150);
    read("{'email':'a@example.com','first_name':'" + emoji + "','last_name':'L'}");
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void rejectsNonStringName() {
    read("{'email':'a@example.com','first_name':{'x':1},'last_name':'L'}");
    assertThat(reader.errors()).containsExactly(error("first_name", "Not a valid string."));
  }

  @Test
  void ignoresUnknownFields() {
    read("{'email':'a@example.com','first_name':'Ada','last_name':'L','nickname':'Countess'}");
    assertThat(reader.errors()).isEmpty();
  }
}
