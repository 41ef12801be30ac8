import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { DEFAULT_SIM_TOKEN, PveSimulator, type PveSimulatorOptions } from '@proxmox-mpc/pve-sim';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { mcpEdgeService } from '@proxmox-mpc/mcp-edge';
import { proxmoxAgentService } from '@proxmox-mpc/proxmox-agent';

export const AGENT_TOKEN = 'agent-token-for-integration-tests';
export const ADMIN_TOKEN = 'admin-token-for-integration-tests';

export interface ExtraToken {
  name: string;
  token: string;
  scopes: Array<'read' | 'plan' | 'apply' | 'admin'>;
  nodes?: string[];
  guests?: string[];
}

export interface PlatformOptions {
  simulator?: PveSimulatorOptions;
  agentEnv?: Record<string, string>;
  edgeEnv?: Record<string, string>;
  tokens?: ExtraToken[];
}

/**
 * The simulator, proxmox-agent and mcp-edge in this process, on their own NATS and
 * database: the parts an MCP tool call crosses, quick to start for tool-by-tool specs.
 * (tool-call.e2e.spec.ts runs all six services as processes.)
 */
export class InProcessPlatform {
  private constructor(
    readonly infrastructure: TestInfrastructure,
    readonly simulator: PveSimulator,
    readonly agent: InProcessService,
    readonly edge: InProcessService,
  ) {}

  static async start(options: PlatformOptions = {}): Promise<InProcessPlatform> {
    const infrastructure = await startTestInfrastructure();
    const simulator = new PveSimulator({ scenario: 'homelab', taskDurationMs: 50, ...options.simulator });
    await simulator.start(0, '127.0.0.1');
    const common = {
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      BUS_RETRY_DELAY_MS: '20',
    };
    const agent = await startInProcessService(proxmoxAgentService, {
      ...common,
      PVE_URL: simulator.url,
      PVE_TOKEN_ID: DEFAULT_SIM_TOKEN.tokenId,
      PVE_TOKEN_SECRET: DEFAULT_SIM_TOKEN.secret,
      PVE_TARGET: 'homelab',
      PVE_SYNC_INTERVAL_MS: '1000',
      ...options.agentEnv,
    });
    const tokensFile = join(tmpdir(), `mpc-tokens-${process.pid}-${Date.now()}.json`);
    writeFileSync(tokensFile, JSON.stringify(options.tokens ?? []));
    const edge = await startInProcessService(mcpEdgeService, {
      ...common,
      MCP_BEARER_TOKEN: AGENT_TOKEN,
      MCP_TOKEN_NAME: 'agent',
      MCP_ADMIN_TOKEN: ADMIN_TOKEN,
      MCP_TOKENS_FILE: tokensFile,
      MCP_TOOL_TIMEOUT_MS: '20000',
      ...options.edgeEnv,
    });
    return new InProcessPlatform(infrastructure, simulator, agent, edge);
  }

  get mcpUrl(): string {
    return `${this.edge.url}/mcp`;
  }

  async client(token = AGENT_TOKEN, modern = false, configure?: (client: Client) => void): Promise<Client> {
    const client = new Client(
      { name: 'platform-e2e', version: '1.0.0' },
      {
        ...(modern ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
        ...(configure ? { capabilities: { elicitation: { form: {} } } } : {}),
      },
    );
    configure?.(client);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(this.mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  }

  /** An operator's decision, through the admin endpoint `npm run approve` uses. */
  async decide(
    approvalId: string,
    decision: 'approve' | 'deny',
    token = ADMIN_TOKEN,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.edge.url}/admin/approvals/${approvalId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async stop(): Promise<void> {
    await this.edge?.stop();
    await this.agent?.stop();
    await this.simulator?.stop();
    await this.infrastructure?.stop();
  }
}

export interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

export function textOf(result: ToolResult): string {
  return result.content.map((block) => block.text ?? '').join('\n');
}

/** The operation view an operate tool answered with. */
export function operationOf(result: ToolResult): {
  operationId: string;
  status: string;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
} {
  return result.structuredContent as never;
}
