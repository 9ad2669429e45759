/** Products: their sync rules and storage. */
package io.syncbridge.product;
