/** The health endpoint: real read and write probes against the database. */
package io.syncbridge.health;
