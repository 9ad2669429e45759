package io.syncbridge.product;

import java.math.BigDecimal;

/** A validated product record of a sync request; {@code id} is null when the client sent none. */
record Product(
    Long id,
    String name,
    String description,
    BigDecimal price,
    String currency,
    boolean active,
    Integer weightGrams) {}
