package io.syncbridge.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncbridge.SyncBridgeProperties;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.catalina.core.StandardHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

  private static final Logger log = LoggerFactory.getLogger(WebConfiguration.class);

  @Bean
  ApiToken apiToken(SyncBridgeProperties properties) {
    String token = properties.authToken();
    if (token == null || token.isBlank()) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      token = HexFormat.of().formatHex(random);
      // Logged once, on purpose: without it nobody could call the service. One line, which reads
      // alike as plain text and as a JSON log line.
      log.warn(
          "APP_AUTH_TOKEN is not set. Generated token for this run: {} (send it as header"
              + " x-auth-token; set APP_AUTH_TOKEN to keep one across restarts)",
          token);
    }
    return new ApiToken(token);
  }

  @Bean
  EnvelopeWriter envelopeWriter(JsonMapper jsonMapper) {
    return new EnvelopeWriter(jsonMapper);
  }

  /** Puts the envelope on the errors Tomcat answers before any filter runs. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerErrorsAsEnvelope(
      JsonMapper jsonMapper) {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              StandardHost host = (StandardHost) context.getParent();
              // The host adds a valve of this class only when none is present yet.
              host.setErrorReportValveClass(ContainerErrorValve.class.getName());
              host.getPipeline().addValve(new ContainerErrorValve(jsonMapper));
            });
  }

  @Bean
  FilterRegistrationBean<SecurityHeaders> securityHeaders() {
    return filter(new SecurityHeaders(), 0);
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
    return filter(new RequestIdFilter(), 1);
  }

  /**
   * After the request id, so that the line carries it; before the token check, so that 401s too.
   */
  @Bean
  FilterRegistrationBean<RequestLog> requestLog() {
    return filter(new RequestLog(), 2);
  }

  @Bean
  FilterRegistrationBean<TokenAuthFilter> tokenAuthFilter(
      ApiToken token, EnvelopeWriter envelopeWriter) {
    return filter(new TokenAuthFilter(token, envelopeWriter), 3);
  }

  @Bean
  WebMvcConfigurer operationMetrics(MeterRegistry meters) {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new OperationMetrics(meters));
      }
    };
  }

  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
      SyncBridgeProperties properties, EnvelopeWriter envelopeWriter) {
    return filter(
        new BodySizeLimitFilter(properties.maxRequestSize().toBytes(), envelopeWriter), 4);
  }

  private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> filter(
      F filter, int position) {
    FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + position);
    return registration;
  }
}
