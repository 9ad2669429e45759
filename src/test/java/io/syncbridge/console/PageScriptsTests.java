package io.syncbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;

/**
 * The pages' own scripts put server values into the page as text only: the console shows payloads,
 * model names, failure reasons, request ids and employees' fields that any token holder (or, for
 * employees, any writer of the source systems) chose, so no value may reach a sink that parses HTML
 * or runs code. The console's end-to-end check ({@code e2e/console.e2e.mjs}) shows such values on
 * screen; this keeps the sinks out of the code.
 */
class PageScriptsTests {

  private static final Pattern SINKS =
      Pattern.compile(
          "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new\\s+Function"
              + "|setTimeout\\s*\\(\\s*['\"`]|setInterval\\s*\\(\\s*['\"`]|javascript:"
              + "|setAttribute\\s*\\(\\s*['\"`]on|srcdoc|createContextualFragment"
              + "|DOMParser|parseFromString");

  @ParameterizedTest
  @ValueSource(
      strings = {"static/console/app.js", "static/graphiql/app.js", "static/swagger-ui/init.js"})
  void scriptsUseNoSinkThatParsesHtmlOrRunsCode(String script) throws IOException {
    String code = read(script);

    assertThat(SINKS.matcher(code).results().map(m -> m.group()).toList()).as(script).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"static/console/index.html", "graphiql/index.html", "static/swagger-ui.html"})
  void pagesHaveNoInlineScriptOrHandler(String page) throws IOException {
    String html = read(page);

    // Every script is a file of the service's (the pages' policy runs no inline script anyway).
    assertThat(Pattern.compile("<script(?![^>]*\\ssrc=\"/)").matcher(html).find())
        .as(page)
        .isFalse();
    assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
        .as(page)
        .isFalse();
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = new ClassPathResource(resource).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
