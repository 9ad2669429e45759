/**
 * The typed exceptions services throw when a request is the client's to fix (invalid, too large,
 * not found, in conflict, unprocessable) or cannot be served now. They know nothing of HTTP: {@code
 * web} answers them with the envelope, {@code graphql} with GraphQL errors.
 */
package io.syncbridge.error;
