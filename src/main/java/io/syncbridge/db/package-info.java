/** Database plumbing shared by every feature: transactions and SQLite's single-writer rule. */
package io.syncbridge.db;
