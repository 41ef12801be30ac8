import { createServer } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

/**
 * The floor every MCP figure is compared with: a bare MCP SDK v2 stateless server (a
 * server per request, as the SDK builds it) with one `echo` tool, nothing else. Run as
 * its own process, like mcp-edge, and it prints its port when it listens.
 */
const handler = createMcpHandler(() => {
  const server = new McpServer({ name: 'echo-floor', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Answers with its input', inputSchema: z.object({ text: z.string() }) },
    ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  return server;
});
const serve = toNodeHandler(handler);

const http = createServer((request, response) => void serve(request, response));
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`echo floor listening on ${typeof address === 'object' ? address?.port : address}\n`);
});
process.once('SIGTERM', () => http.close(() => process.exit(0)));
