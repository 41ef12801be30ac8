import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { loadConfig, startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { McpEdgeConfigSchema } from '../config';
import { mcpEdgeService } from '../mcp-edge.service';
import { FIXTURE_TOOL_NAMES } from './fixture-tools';

const TOKEN = 'a-bearer-token-for-tests';

type Content = Array<{ type: string; text?: string }>;
const textOf = (result: { content?: unknown }): string =>
  (result.content as Content).map((block) => block.text ?? '').join('\n');

describe('conformance fixtures', () => {
  let infrastructure: TestInfrastructure;
  let withFixtures: InProcessService;
  let withoutFixtures: InProcessService;
  const clients: Client[] = [];

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    const common = { NATS_URL: infrastructure.natsUrl, DATABASE_URL: infrastructure.databaseUrl };
    withFixtures = await startInProcessService(mcpEdgeService, {
      ...common,
      MCP_CONFORMANCE_FIXTURES: 'true',
      MCP_AUTH: 'none',
    });
    withoutFixtures = await startInProcessService(mcpEdgeService, { ...common, MCP_BEARER_TOKEN: TOKEN });
  });

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await withFixtures?.stop();
    await withoutFixtures?.stop();
    await infrastructure?.stop();
  });

  /** An SDK client as the conformance suite connects: no credentials; `modern` = 2026-07-28. */
  async function connect(
    edge: InProcessService,
    options: { modern?: boolean; token?: string; configure?: (client: Client) => void } = {},
  ): Promise<Client> {
    const client = new Client(
      { name: 'conformance-fixtures-spec', version: '1.0.0' },
      {
        capabilities: { sampling: {}, elicitation: { form: {} } },
        ...(options.modern ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
      },
    );
    options.configure?.(client);
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${edge.url}/mcp`),
        options.token ? { requestInit: { headers: { Authorization: `Bearer ${options.token}` } } } : {},
      ),
    );
    clients.push(client);
    return client;
  }

  describe('with MCP_CONFORMANCE_FIXTURES=true and MCP_AUTH=none', () => {
    let client: Client;

    beforeAll(async () => {
      client = await connect(withFixtures);
    });

    it('should list every fixture tool beside the read tools an anonymous caller may use', async () => {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining([...FIXTURE_TOOL_NAMES, 'list_guests']));
      expect(names).not.toContain('power_guest');
    });

    it('should answer the content fixtures as the scenarios expect', async () => {
      expect(textOf(await client.callTool({ name: 'test_simple_text' }))).toBe(
        'This is a simple text response for testing.',
      );
      const mixed = await client.callTool({ name: 'test_multiple_content_types', arguments: {} });
      expect((mixed.content as Content).map((block) => block.type)).toEqual(['text', 'image', 'resource']);
      const audio = await client.callTool({ name: 'test_audio_content', arguments: {} });
      expect(audio.content).toEqual([expect.objectContaining({ type: 'audio', mimeType: 'audio/wav' })]);
    });

    it('should report a failing tool as a tool error with its message', async () => {
      const result = await client.callTool({ name: 'test_error_handling', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('This tool intentionally returns an error for testing');
    });

    it('should send progress and log notifications while a tool runs', async () => {
      const progress: number[] = [];
      await client.callTool(
        { name: 'test_tool_with_progress', arguments: {} },
        { onprogress: (update) => void progress.push(update.progress) },
      );
      expect(progress).toEqual([0, 50, 100]);

      const logged: unknown[] = [];
      client.setNotificationHandler('notifications/message', (notification) => {
        logged.push(notification.params.data);
      });
      await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
      expect(logged).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);
    });

    it('should keep JSON Schema 2020-12 keywords in the listed input schema', async () => {
      const tool = (await client.listTools()).tools.find(
        (listed) => listed.name === 'json_schema_2020_12_tool',
      );
      expect(tool?.inputSchema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $defs: { address: { type: 'object' } },
        additionalProperties: false,
      });
    });

    // resources/list also lists the IaC workspaces, which needs iac-generator (npm run conformance starts it).
    it('should serve the fixture resources, the template with its variable filled in', async () => {
      const templates = (await client.listResourceTemplates()).resourceTemplates;
      expect(templates.map((template) => template.uriTemplate)).toContain('test://template/{id}/data');
      expect((await client.readResource({ uri: 'test://static-text' })).contents).toEqual([
        {
          uri: 'test://static-text',
          mimeType: 'text/plain',
          text: 'This is the content of the static text resource.',
        },
      ]);
      expect((await client.readResource({ uri: 'test://static-binary' })).contents).toEqual([
        expect.objectContaining({ mimeType: 'image/png', blob: expect.any(String) }),
      ]);
      const templated = await client.readResource({ uri: 'test://template/42/data' });
      expect(JSON.parse((templated.contents[0] as { text: string }).text)).toEqual({
        id: '42',
        templateTest: true,
        data: 'Data for ID: 42',
      });
    });

    it('should fill prompt arguments in and complete the first one', async () => {
      const prompt = await client.getPrompt({
        name: 'test_prompt_with_arguments',
        arguments: { arg1: 'hello', arg2: 'world' },
      });
      expect(prompt.messages).toEqual([
        {
          role: 'user',
          content: { type: 'text', text: "Prompt with arguments: arg1='hello', arg2='world'" },
        },
      ]);
      const completion = await client.complete({
        ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
        argument: { name: 'arg1', value: 'par' },
      });
      expect(completion.completion.values).toEqual(['paris', 'park', 'party']);
    });

    it('should refuse to ask a 2025-11-25 client for input, which stateless serving cannot carry (baselined)', async () => {
      const result = await client.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('per-request legacy serving cannot receive server-to-client requests');
    });

    it('should ask a 2026-07-28 client for input and sampling through input_required', async () => {
      const modern = await connect(withFixtures, {
        modern: true,
        configure: (configured) => {
          configured.setRequestHandler('elicitation/create', () => ({
            action: 'accept',
            content: { username: 'ada', email: 'ada@example.org' },
          }));
          configured.setRequestHandler('sampling/createMessage', () => ({
            role: 'assistant',
            content: { type: 'text', text: 'four' },
            model: 'test-model',
          }));
        },
      });
      const elicited = await modern.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } });
      expect(textOf(elicited)).toBe(
        'User response: action=accept, content={"username":"ada","email":"ada@example.org"}',
      );
      const sampled = await modern.callTool({ name: 'test_sampling', arguments: { prompt: '2+2?' } });
      expect(textOf(sampled)).toBe('LLM response: four');
    });
  });

  describe('by default', () => {
    it('should list none of the fixture tools or resources', async () => {
      const client = await connect(withoutFixtures, { token: TOKEN });
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('list_guests');
      expect(names.filter((name) => FIXTURE_TOOL_NAMES.includes(name))).toEqual([]);
      const uris = (await client.listResourceTemplates()).resourceTemplates.map(
        (template) => template.uriTemplate,
      );
      expect(uris.filter((uri) => uri.startsWith('test://'))).toEqual([]);
    });

    it('should still ask for a token', async () => {
      const response = await fetch(`${withoutFixtures.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(401);
    });
  });

  describe('MCP_AUTH=none in the configuration', () => {
    const base = {
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://u@127.0.0.1/db',
      MCP_AUTH: 'none',
    };

    it('should be refused without the conformance fixtures', () => {
      expect(() => loadConfig(McpEdgeConfigSchema, base)).toThrow(
        /MCP_AUTH: MCP_AUTH=none is only for the conformance run: it needs MCP_CONFORMANCE_FIXTURES=true/,
      );
    });

    it.each(['0.0.0.0', '::', '192.168.1.10', 'mcp.example.org'])(
      'should be refused on HTTP_HOST %s',
      (host) => {
        expect(() =>
          loadConfig(McpEdgeConfigSchema, { ...base, MCP_CONFORMANCE_FIXTURES: 'true', HTTP_HOST: host }),
        ).toThrow(/MCP_AUTH=none needs HTTP_HOST on loopback/);
      },
    );

    it.each(['127.0.0.1', '::1', 'localhost'])(
      'should be accepted with the fixtures on %s, without a token',
      (host) => {
        const config = loadConfig(McpEdgeConfigSchema, {
          ...base,
          MCP_CONFORMANCE_FIXTURES: 'true',
          HTTP_HOST: host,
        });
        expect(config).toMatchObject({ MCP_AUTH: 'none', MCP_CONFORMANCE_FIXTURES: true });
      },
    );

    it('should leave the fixtures off unless asked', () => {
      const config = loadConfig(McpEdgeConfigSchema, {
        ...base,
        MCP_AUTH: 'tokens',
        MCP_BEARER_TOKEN: TOKEN,
      });
      expect(config.MCP_CONFORMANCE_FIXTURES).toBe(false);
    });
  });
});
