/** The MCP tools, their argument checks and the agents' command lines; not an API. */
package dev.torc.ai.internal;
