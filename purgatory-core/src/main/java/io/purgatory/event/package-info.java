/**
 * Events that breakers publish, and the listener interface that receives them.
 */
package io.purgatory.event;
