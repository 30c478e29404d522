/**
 * The operations layer: {@link dev.torc.sdk.Torc}, one call per thing a user of the {@code torc}
 * command or the MCP server can do, with its request records (built with builders) and result
 * records (each a {@link dev.torc.sdk.JsonView} with the original torc's field names). Ids, bounds
 * and paths are checked here, so every client gets the same safety.
 */
package dev.torc.sdk;
