/**
 * The set-based batch upsert engine: plans a batch (ids, match keys, conflicts, unchanged rows) and
 * writes it with a constant number of statements, in both SQL dialects. The only place bulk SQL
 * lives; models describe their table with {@link io.syncbridge.upsert.TableUpsert}.
 */
package io.syncbridge.upsert;
