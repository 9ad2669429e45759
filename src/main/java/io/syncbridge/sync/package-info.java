/**
 * The bulk sync protocol: reads {@code {model, data}}, checks the request, hands the records to the
 * model's {@link io.syncbridge.sync.ModelSync} as one unit of work with the attempt's history
 * entry, and replays failed attempts. Knows no model; models plug in as beans. Records are read by
 * {@code record}, stored through {@code upsert}, repeats answered by {@code idempotency}.
 */
package io.syncbridge.sync;
