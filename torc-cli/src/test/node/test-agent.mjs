// A stand-in for an AI agent in torc's --ai-recovery tests: it speaks MCP through the official
// TypeScript client to the server named in $TORC_MCP_CONFIG, lists the pending_failed jobs of
// $TORC_WORKFLOW_ID and classifies them by a fixed rule: stderr mentioning "Connection refused"
// is transient (retry), anything else permanent (fail). The prompt arrives as the last argument.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const prompt = process.argv[process.argv.length - 1];
const workflowId = Number(process.env.TORC_WORKFLOW_ID);
if (!prompt.includes(`Workflow ${workflowId}`) || !prompt.includes("classify_and_resolve_failures")) {
  console.error(`test-agent: the prompt does not name workflow ${workflowId} and the tools`);
  process.exit(4);
}
const server = JSON.parse(readFileSync(process.env.TORC_MCP_CONFIG, "utf8")).mcpServers.torc;
const transport = new StdioClientTransport({
  command: server.command,
  args: server.args,
  stderr: "inherit",
});
const client = new Client({ name: "test-agent", version: "1.0.0" });
await client.connect(transport);

const listed = await client.callTool({
  name: "list_pending_failed_jobs",
  arguments: { workflow_id: workflowId },
});
const pending = JSON.parse(listed.content[0].text).pending_failed_jobs;
const classifications = pending.map((job) =>
  job.stderr_tail.includes("Connection refused")
    ? { job_id: job.job_id, action: "retry", reason: "transient: connection refused" }
    : { job_id: job.job_id, action: "fail", reason: "permanent: " + job.stderr_tail.trim().split("\n").pop() },
);
const applied = await client.callTool({
  name: "classify_and_resolve_failures",
  arguments: { workflow_id: workflowId, classifications, dry_run: false },
});
await client.close();
if (applied.isError) {
  console.error("test-agent: " + applied.content[0].text);
  process.exit(5);
}
console.log(`test-agent: classified ${classifications.length} job(s)`);
