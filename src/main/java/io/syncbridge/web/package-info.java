/** Cross-cutting HTTP concerns: request ids, token auth, body limits and the response envelope. */
package io.syncbridge.web;
