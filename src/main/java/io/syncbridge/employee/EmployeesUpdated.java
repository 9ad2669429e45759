package io.syncbridge.employee;

import java.util.List;

/** Published inside the transaction that updated the employees. */
public record EmployeesUpdated(List<Long> ids) {}
