/** Customers: their sync rules and storage. */
package io.syncbridge.customer;
