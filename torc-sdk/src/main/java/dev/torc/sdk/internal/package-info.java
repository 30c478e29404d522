/** How the operations layer does its work; not API. */
package dev.torc.sdk.internal;
