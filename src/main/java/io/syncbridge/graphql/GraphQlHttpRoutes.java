package io.syncbridge.graphql;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.graphql.server.webmvc.GraphQlRequestPredicates;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /graphql} over HTTP: POST as Spring for GraphQL handles it; GET shows GraphiQL to browsers
 * and runs queries (never mutations) sent as query parameters, as GraphQL over HTTP allows;
 * anything else is an error in the envelope. Its routes come before Spring Boot's own, which would
 * answer GET with an empty 405.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlHttpRoutes {

  static final String PATH = "/graphql";
  private static final Resource GRAPHIQL = new ClassPathResource("graphiql/index.html");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Router functions (only /graphql and GraphiQL here) are asked after the annotated controllers
   * instead of before them: asking them first built a functional request object for every REST
   * call, about 7% of the CPU of a one-record sync.
   */
  @Bean
  static BeanPostProcessor routerFunctionsAfterControllers() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String name) {
        if (bean instanceof RouterFunctionMapping mapping) {
          mapping.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        }
        return bean;
      }
    };
  }

  @Bean
  @Order(-1)
  RouterFunction<ServerResponse> graphQlRoutes(
      GraphQlHttpHandler httpHandler, WebGraphQlHandler graphQlHandler) {
    return RouterFunctions.route()
        .route(GraphQlRequestPredicates.graphQlHttp(PATH), httpHandler::handleRequest)
        .POST(
            PATH,
            request -> {
              throw new HttpMediaTypeNotSupportedException(
                  request.headers().contentType().orElse(null),
                  List.of(
                      MediaType.APPLICATION_JSON, MediaType.parseMediaType("application/graphql")));
            })
        .GET(
            PATH,
            RequestPredicates.param("query", value -> true),
            request -> query(graphQlHandler, request))
        .GET(PATH, RequestPredicates.accept(MediaType.TEXT_HTML), request -> graphiql())
        .route(
            RequestPredicates.path(PATH),
            request -> {
              throw new HttpRequestMethodNotSupportedException(
                  request.method().name(), List.of("GET", "POST"));
            })
        .build();
  }

  private static ServerResponse graphiql() {
    return ServerResponse.ok().contentType(MediaType.TEXT_HTML).body(GRAPHIQL);
  }

  private static ServerResponse query(
      WebGraphQlHandler graphQlHandler, ServerRequest serverRequest) {
    HttpServletRequest servletRequest = serverRequest.servletRequest();
    String query = servletRequest.getParameter("query");
    String variables = servletRequest.getParameter("variables");
    String operationName = servletRequest.getParameter("operationName");
    Map<String, Object> body = new HashMap<>();
    body.put("query", query);
    if (operationName != null && !operationName.isEmpty()) {
      body.put("operationName", operationName);
    }
    if (variables != null && !variables.isEmpty()) {
      try {
        body.put("variables", JSON.readValue(variables, Map.class));
      } catch (JacksonException e) {
        return error(HttpStatus.BAD_REQUEST, "variables must be a JSON object");
      }
    }
    if (!isQuery(query, operationName)) {
      return error(
          HttpStatus.METHOD_NOT_ALLOWED,
          "Only queries can be sent with GET; send mutations with POST");
    }
    WebGraphQlRequest request =
        new WebGraphQlRequest(
            URI.create(ServletUriComponentsBuilder.fromRequest(servletRequest).toUriString()),
            headers(servletRequest),
            null,
            new InetSocketAddress(servletRequest.getRemoteAddr(), servletRequest.getRemotePort()),
            Map.of(),
            body,
            UUID.randomUUID().toString(),
            servletRequest.getLocale());
    var response = graphQlHandler.handleRequest(request).block();
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(response.toMap());
  }

  /** True unless the document parses and the operation to run is a mutation or subscription. */
  private static boolean isQuery(String query, String operationName) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return true; // execution reports the syntax error in the usual way
    }
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    return operations.stream()
        .filter(
            op ->
                operationName == null
                    || operationName.isEmpty()
                    || operationName.equals(op.getName()))
        .allMatch(op -> op.getOperation() == OperationDefinition.Operation.QUERY);
  }

  private static HttpHeaders headers(HttpServletRequest request) {
    HttpHeaders headers = new HttpHeaders();
    var names = request.getHeaderNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      headers.addAll(name, java.util.Collections.list(request.getHeaders(name)));
    }
    return headers;
  }

  private static ServerResponse error(HttpStatus status, String message) {
    Map<String, Object> error = new java.util.LinkedHashMap<>();
    error.put("message", message);
    error.put("extensions", ErrorCode.BAD_USER_INPUT.extensions());
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("errors", List.of(error)));
  }
}
