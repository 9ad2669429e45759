/** Orders and their items: sync rules (amount, references) and storage. */
package io.syncbridge.order;
