package io.syncbridge.order;

import java.math.BigDecimal;
import java.util.List;

/**
 * A validated order record of a sync request; {@code id} is null when the client sent none, and
 * {@code items} is null when it sent no {@code items} key (an update then keeps the stored items).
 */
record Order(
    Long id,
    String orderNumber,
    long customerId,
    String status,
    String currency,
    BigDecimal amount,
    List<OrderItem> items) {}
