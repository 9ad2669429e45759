package io.syncbridge.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The ops console: a static page ({@code static/console/}) over the REST and GraphQL endpoints,
 * served at {@code /} and {@code /console} without the token, which it asks for itself.
 */
@Controller
class ConsoleController {

  @GetMapping({"/", "/console", "/console/"})
  String console() {
    return "forward:/console/index.html";
  }
}
