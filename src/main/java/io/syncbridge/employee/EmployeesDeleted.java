package io.syncbridge.employee;

import java.util.List;

/** Published inside the transaction that deleted the employees. */
public record EmployeesDeleted(List<Long> ids) {}
