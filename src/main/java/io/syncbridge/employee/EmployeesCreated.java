package io.syncbridge.employee;

import java.util.List;

/**
 * Published inside the transaction that created the employees; listeners that act after commit
 * (subscriptions) see only employees that really were stored.
 */
public record EmployeesCreated(List<Long> ids) {}
