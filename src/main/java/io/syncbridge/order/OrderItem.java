package io.syncbridge.order;

import java.math.BigDecimal;

record OrderItem(long productId, int qty, BigDecimal unitPrice) {

  BigDecimal total() {
    return unitPrice.multiply(BigDecimal.valueOf(qty));
  }
}
