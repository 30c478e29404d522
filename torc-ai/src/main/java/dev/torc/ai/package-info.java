/**
 * torc for AI agents: {@link dev.torc.ai.TorcMcpServer}, the MCP server whose tools are the
 * operations of {@link dev.torc.sdk.Torc}, and {@link dev.torc.ai.AgentClassifier}, which has an
 * agent classify pending_failed jobs through that server.
 */
package dev.torc.ai;
