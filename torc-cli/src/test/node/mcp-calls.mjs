// Drives an MCP server over stdio with the official MCP TypeScript client.
// Usage: node mcp-calls.mjs PLAN.json
// PLAN: {"command": "...", "args": [...], "cwd": "...", "client_name": "...",
//        "calls": [{"tool": "...", "arguments": {...}}, ...]}
// Prints one JSON object on stdout: {"server": {...}, "tools": [...], "results": [...]}, where
// each result is {"tool", "is_error", "text"} or {"tool", "protocol_error"}.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const transport = new StdioClientTransport({
  command: plan.command,
  args: plan.args,
  cwd: plan.cwd,
  stderr: "inherit",
});
const client = new Client({ name: plan.client_name ?? "torc-tests", version: "1.0.0" });
await client.connect(transport);

const listed = await client.listTools();
const report = {
  server: client.getServerVersion(),
  tools: listed.tools.map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: t.inputSchema,
    annotations: t.annotations ?? null,
  })),
  results: [],
};
for (const call of plan.calls ?? []) {
  try {
    const result = await client.callTool({ name: call.tool, arguments: call.arguments ?? {} });
    report.results.push({
      tool: call.tool,
      is_error: result.isError === true,
      text: result.content.filter((c) => c.type === "text").map((c) => c.text).join("\n"),
    });
  } catch (e) {
    report.results.push({ tool: call.tool, protocol_error: String(e?.message ?? e) });
  }
}
await client.close();
process.stdout.write(JSON.stringify(report) + "\n");
