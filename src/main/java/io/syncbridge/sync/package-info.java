/**
 * The bulk sync protocol: parses {@code {model, data}}, hands the records to the model's {@link
 * io.syncbridge.sync.ModelSync}, runs one transaction per request and records the attempt in the
 * history. Knows no model; models plug in as beans. Records are read by {@code record}, repeats
 * answered by {@code idempotency}.
 */
package io.syncbridge.sync;
