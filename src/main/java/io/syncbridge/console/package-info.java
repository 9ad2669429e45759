/** The web console for ops: history, retries and live events in a browser. */
package io.syncbridge.console;
