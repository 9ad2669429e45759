package io.syncbridge.customer;

/** A validated customer record of a sync request; {@code id} is null when the client sent none. */
record Customer(Long id, String email, String firstName, String lastName, String defaultCurrency) {}
