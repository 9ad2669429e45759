package io.syncbridge.graphql;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.scalars.ExtendedScalars;
import graphql.schema.DataFetchingEnvironment;
import io.syncbridge.db.StorageFailure;
import io.syncbridge.error.ConflictException;
import io.syncbridge.error.InvalidRequestException;
import io.syncbridge.error.NotFoundException;
import io.syncbridge.error.ServiceUnavailableException;
import io.syncbridge.error.UnprocessableException;
import io.syncbridge.record.FieldMessages;
import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordsRejectedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;

@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

  @Bean
  RuntimeWiringConfigurer scalars() {
    return wiring -> wiring.scalar(ExtendedScalars.DateTime).scalar(ExtendedScalars.GraphQLLong);
  }

  /**
   * Room for the documents of many kinds of clients; the largest page with every employee field is
   * about 400 characters.
   */
  @Bean
  GraphQlSourceBuilderCustomizer documentCache() {
    DocumentCache cache = new DocumentCache(256, 4096);
    return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
  }

  /**
   * Bad input, conflicts and storage failures become errors with a code, never INTERNAL_ERROR. A
   * full disk (or one down to its reserve) is INSUFFICIENT_STORAGE, an unwritable database
   * SERVICE_UNAVAILABLE: REST's 507 and 503.
   */
  @Bean
  DataFetcherExceptionResolver errorCodes() {
    return new DataFetcherExceptionResolverAdapter() {
      @Override
      protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        if (ex instanceof RecordsRejectedException rejected) {
          return rejection(rejected, env);
        }
        if (ex instanceof DuplicateKeyException) {
          // Another request took the same email between the check and the write (PostgreSQL,
          // several instances): the same answer the check gives.
          return GraphqlErrorBuilder.newError(env)
              .message(FieldMessages.duplicateEntry("email"))
              .errorType(ErrorType.BAD_REQUEST)
              .extensions(ErrorCode.CONFLICT.extensions())
              .build();
        }
        var storage = StorageFailure.of(ex);
        if (storage.isPresent()) {
          ErrorCode code =
              storage.get() == StorageFailure.FULL
                  ? ErrorCode.INSUFFICIENT_STORAGE
                  : ErrorCode.SERVICE_UNAVAILABLE;
          return GraphqlErrorBuilder.newError(env)
              .message(StorageFailure.message(ex))
              .errorType(ErrorClassification.errorClassification(code.name()))
              .extensions(code.extensions())
              .build();
        }
        GraphQLError refusal = refusal(ex, env);
        if (refusal != null) {
          return refusal;
        }
        if (ex instanceof BadUserInputException bad) {
          return GraphqlErrorBuilder.newError(env)
              .message(bad.getMessage())
              .errorType(ErrorType.BAD_REQUEST)
              .extensions(ErrorCode.BAD_USER_INPUT.extensions("argument", bad.argument()))
              .build();
        }
        return null;
      }
    };
  }

  /** Subscriptions are served over WebSocket only; over HTTP they are the client's mistake. */
  @Bean
  WebGraphQlInterceptor subscriptionsOverWebSocketOnly() {
    return (request, chain) ->
        chain
            .next(request)
            .map(
                response ->
                    request instanceof WebSocketGraphQlRequest
                            || !(response.getData() instanceof org.reactivestreams.Publisher<?>)
                        ? response
                        : response.transform(
                            builder ->
                                builder
                                    .data(null)
                                    .errors(
                                        List.of(
                                            GraphqlErrorBuilder.newError()
                                                .message(
                                                    "Subscriptions are served over WebSocket at /graphql")
                                                .errorType(ErrorType.BAD_REQUEST)
                                                .extensions(ErrorCode.BAD_USER_INPUT.extensions())
                                                .build()))));
  }

  /**
   * Gives every error an {@code extensions.code}: document and variable errors found by GraphQL
   * itself (syntax, unknown fields, wrong types) are the client's, so BAD_USER_INPUT.
   */
  @Bean
  WebGraphQlInterceptor errorCodeExtension() {
    return (request, chain) ->
        chain
            .next(request)
            .map(
                response -> {
                  List<GraphQLError> errors = response.getExecutionResult().getErrors();
                  if (errors.isEmpty()) {
                    return response;
                  }
                  return response.transform(
                      builder ->
                          builder.errors(
                              errors.stream().map(GraphQlConfiguration::withCode).toList()));
                });
  }

  private static GraphQLError withCode(GraphQLError error) {
    if (error.getExtensions() != null && error.getExtensions().containsKey(ErrorCode.KEY)) {
      return error;
    }
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put(ErrorCode.KEY, codeFor(error.getErrorType()));
    if (error.getExtensions() != null) {
      extensions.putAll(error.getExtensions());
    }
    return GraphqlErrorBuilder.newError()
        .message(error.getMessage())
        .locations(error.getLocations())
        .path(error.getPath())
        .errorType(error.getErrorType())
        .extensions(extensions)
        .build();
  }

  /** The service's typed refusals (the error package), as REST answers them with 4xx and 503. */
  private static GraphQLError refusal(Throwable ex, DataFetchingEnvironment env) {
    ErrorCode code;
    ErrorClassification type = ErrorType.BAD_REQUEST;
    Object[] details = {};
    if (ex instanceof InvalidRequestException invalid) {
      code = ErrorCode.BAD_USER_INPUT;
      if (invalid.errors() != null) {
        details = new Object[] {"errors", invalid.errors()};
      }
    } else if (ex instanceof UnprocessableException) {
      code = ErrorCode.BAD_USER_INPUT;
    } else if (ex instanceof ConflictException) {
      code = ErrorCode.CONFLICT;
    } else if (ex instanceof NotFoundException) {
      code = ErrorCode.NOT_FOUND;
      type = ErrorType.NOT_FOUND;
    } else if (ex instanceof ServiceUnavailableException) {
      code = ErrorCode.SERVICE_UNAVAILABLE;
      type = ErrorClassification.errorClassification(code.name());
    } else {
      return null;
    }
    return GraphqlErrorBuilder.newError(env)
        .message(ex.getMessage())
        .errorType(type)
        .extensions(code.extensions(details))
        .build();
  }

  private static GraphQLError rejection(
      RecordsRejectedException rejected, DataFetchingEnvironment env) {
    RecordError first = rejected.errors().get(0);
    Map<String, String> fields = new LinkedHashMap<>();
    rejected.errors().forEach(e -> fields.putIfAbsent(e.field(), e.message()));
    boolean conflict = rejected.kind() == RecordsRejectedException.Kind.CONFLICT;
    return GraphqlErrorBuilder.newError(env)
        .message(
            conflict
                ? FieldMessages.duplicateEntry(first.field())
                : first.field() + ": " + first.message())
        .errorType(ErrorType.BAD_REQUEST)
        .extensions(
            (conflict ? ErrorCode.CONFLICT : ErrorCode.BAD_USER_INPUT).extensions("errors", fields))
        .build();
  }

  static String codeFor(ErrorClassification classification) {
    if (classification instanceof ErrorType type) {
      return switch (type) {
        case BAD_REQUEST -> ErrorCode.BAD_USER_INPUT.name();
        case UNAUTHORIZED -> ErrorCode.UNAUTHENTICATED.name();
        case FORBIDDEN -> ErrorCode.FORBIDDEN.name();
        case NOT_FOUND -> ErrorCode.NOT_FOUND.name();
        case INTERNAL_ERROR -> ErrorCode.INTERNAL_ERROR.name();
      };
    }
    // graphql-java's own: ValidationError, InvalidSyntax, OperationNotSupported, …
    return classification == graphql.ErrorType.DataFetchingException
        ? ErrorCode.INTERNAL_ERROR.name()
        : ErrorCode.BAD_USER_INPUT.name();
  }
}
