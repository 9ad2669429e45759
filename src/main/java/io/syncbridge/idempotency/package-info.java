/**
 * The {@code Idempotency-Key} header of {@code POST /api/v1/sync}: takes a key for one request,
 * keeps its answer for 24 hours and replays it to a repeat, and purges expired keys. Knows nothing
 * of what the request does.
 */
package io.syncbridge.idempotency;
