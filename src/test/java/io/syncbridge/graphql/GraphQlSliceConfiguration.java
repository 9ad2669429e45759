package io.syncbridge.graphql;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Lets {@code @GraphQlTest} slices in other packages import the package-private {@link
 * GraphQlConfiguration} (scalars, error codes) with
 * {@code @Import(GraphQlSliceConfiguration.class)}. As a {@code @TestConfiguration} it is left out
 * of component scanning.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(GraphQlConfiguration.class)
public class GraphQlSliceConfiguration {}
