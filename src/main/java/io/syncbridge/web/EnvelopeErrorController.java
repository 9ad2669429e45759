package io.syncbridge.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page for errors raised outside Spring MVC (by the container or a
 * filter), so that those too answer in the envelope.
 */
@RestController
class EnvelopeErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ApiResponse<Void>> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // Without an error attribute this is a client calling /error itself: there is nothing here.
    HttpStatusCode status =
        code instanceof Integer value ? HttpStatusCode.valueOf(value) : HttpStatus.NOT_FOUND;
    return ResponseEntity.status(status)
        .body(ApiResponse.error(status, ApiExceptionHandler.reasonPhrase(status)));
  }
}
