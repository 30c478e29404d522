/** Implementation of the recovery layer; not an API, may change without notice. */
package dev.torc.recovery.internal;
