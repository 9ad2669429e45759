package io.syncbridge.record;

/** One problem with one record: its index in {@code data}, the field, and what is wrong. */
public record RecordError(int index, String field, String message) {}
