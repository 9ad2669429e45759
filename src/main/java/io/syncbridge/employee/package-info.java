/** Employees: sync rules and storage, and the events other features subscribe to. */
package io.syncbridge.employee;
