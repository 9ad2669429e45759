/**
 * Reading and checking one record against its model's rules, for a sync and a GraphQL write alike:
 * typed field access, the contract's error messages, and the rejection that carries them. Depends
 * on no other package of the service.
 */
package io.syncbridge.record;
