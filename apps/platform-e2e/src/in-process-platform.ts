import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { DEFAULT_SIM_TOKEN, PveSimulator, type PveSimulatorOptions } from '@proxmox-mpc/pve-sim';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { auditService } from '@proxmox-mpc/audit';
import { ragService } from '@proxmox-mpc/rag';
import { iacGeneratorService } from '@proxmox-mpc/iac-generator';
import { testRunnerService } from '@proxmox-mpc/test-runner';
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
  tools?: string[];
  /** Commands exec_in_guest may run for this token. */
  exec?: string[];
  rateLimitPerMinute?: number;
  expiresAt?: string;
}

export interface PlatformOptions {
  simulator?: PveSimulatorOptions;
  /** Names of the clusters the agent manages, one simulator each (PVE_TARGETS_FILE); default one, "homelab". */
  targets?: string[];
  agentEnv?: Record<string, string>;
  edgeEnv?: Record<string, string>;
  /** Also run iac-generator and test-runner, sharing workspaces in a fresh temporary folder. */
  iac?: boolean;
  /** Also run the audit service, with these extra settings. */
  audit?: Record<string, string>;
  /** Also run the knowledge service, with these extra settings. */
  rag?: Record<string, string>;
  tokens?: ExtraToken[];
}

/**
 * The simulator, proxmox-agent and mcp-edge in this process, on their own NATS and
 * database: the parts an MCP tool call crosses, quick to start for tool-by-tool specs.
 * (tool-call.e2e.spec.ts runs all six services as processes.)
 */
export class InProcessPlatform {
  private readonly edgeReplicas = new Set<InProcessService>();

  private constructor(
    readonly infrastructure: TestInfrastructure,
    /** One simulated cluster per target, by target name. */
    readonly simulators: ReadonlyMap<string, PveSimulator>,
    readonly agent: InProcessService,
    readonly edge: InProcessService,
    readonly iac: IacParts | undefined,
    readonly audit: InProcessService | undefined,
    readonly rag: InProcessService | undefined,
    /** How `edge` was configured, for more replicas of it. */
    private readonly edgeEnv: Record<string, string>,
  ) {}

  static async start(options: PlatformOptions = {}): Promise<InProcessPlatform> {
    // What is up so far, stopped again if a later part fails, so a bad setting fails the
    // spec instead of leaving a running agent that keeps Jest from exiting.
    const started: Array<{ stop(): Promise<void> }> = [];
    const up = <T extends { stop(): Promise<void> }>(part: T): T => {
      started.unshift(part);
      return part;
    };
    try {
      const infrastructure = up(await startTestInfrastructure());
      const simulators = new Map<string, PveSimulator>();
      for (const name of options.targets ?? ['homelab']) {
        const simulator = up(
          new PveSimulator({ scenario: 'homelab', taskDurationMs: 50, ...options.simulator }),
        );
        await simulator.start(0, '127.0.0.1');
        simulators.set(name, simulator);
      }
      const common = {
        NATS_URL: infrastructure.natsUrl,
        DATABASE_URL: infrastructure.databaseUrl,
        BUS_RETRY_DELAY_MS: '20',
      };
      const agent = up(
        await startInProcessService(proxmoxAgentService, {
          ...common,
          ...targetEnv(simulators),
          ...options.agentEnv,
        }),
      );
      const tokensFile = join(tmpdir(), `mpc-tokens-${process.pid}-${Date.now()}.json`);
      writeFileSync(tokensFile, JSON.stringify(options.tokens ?? []));
      const edgeEnv = {
        ...common,
        MCP_BEARER_TOKEN: AGENT_TOKEN,
        MCP_TOKEN_NAME: 'agent',
        MCP_ADMIN_TOKEN: ADMIN_TOKEN,
        MCP_TOKENS_FILE: tokensFile,
        MCP_TOOL_TIMEOUT_MS: '20000',
        ...options.edgeEnv,
      };
      const edge = up(await startInProcessService(mcpEdgeService, edgeEnv));
      const iac = options.iac ? await startIac(common, up) : undefined;
      const audit = options.audit
        ? up(await startInProcessService(auditService, { ...common, ...options.audit }))
        : undefined;
      const rag = options.rag
        ? up(await startInProcessService(ragService, { ...common, RAG_PROJECT_DOCS: 'off', ...options.rag }))
        : undefined;
      return new InProcessPlatform(infrastructure, simulators, agent, edge, iac, audit, rag, edgeEnv);
    } catch (error) {
      for (const part of started) await part.stop().catch(() => undefined);
      throw error;
    }
  }

  /** The simulator of the first (or only) target. */
  get simulator(): PveSimulator {
    return [...this.simulators.values()][0] as PveSimulator;
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

  /**
   * Signs in to the web console's form over plain HTTP at `base` (`edge` by default):
   * the session cookie's value, or the refusal page.
   */
  async signInToConsole(
    credential: string,
    base = this.edge.url,
  ): Promise<{ response: Response; session: string | undefined }> {
    const form = await fetch(`${base}/ui/sign-in`);
    const formCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const response = await fetch(`${base}/ui/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, cookie: formCookie },
      body: new URLSearchParams({ csrf, token: credential, next: '/ui' }).toString(),
      redirect: 'manual',
    });
    const session = /mpc_ui_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    return { response, session };
  }

  /**
   * Another mcp-edge replica, configured as `edge`, on the same database; `natsUrl` puts
   * it behind a relay of its own. It stops with the platform if not before.
   */
  async startEdgeReplica(natsUrl = this.infrastructure.natsUrl): Promise<InProcessService> {
    const started = await startInProcessService(mcpEdgeService, { ...this.edgeEnv, NATS_URL: natsUrl });
    const replica: InProcessService = {
      ...started,
      stop: async () => {
        this.edgeReplicas.delete(replica);
        await started.stop();
      },
    };
    this.edgeReplicas.add(replica);
    return replica;
  }

  async stop(): Promise<void> {
    for (const replica of [...this.edgeReplicas]) await replica.stop();
    await this.iac?.testRunner.stop();
    await this.iac?.generator.stop();
    if (this.iac) rmSync(this.iac.workspaceRoot, { recursive: true, force: true });
    await this.rag?.stop();
    await this.audit?.stop();
    await this.edge?.stop();
    await this.agent?.stop();
    for (const simulator of this.simulators?.values() ?? []) await simulator.stop();
    await this.infrastructure?.stop();
  }
}

/**
 * One cluster through the single-target PVE_* variables (so specs can tune them), several
 * through PVE_TARGETS_FILE.
 */
function targetEnv(simulators: ReadonlyMap<string, PveSimulator>): Record<string, string> {
  const auth = { tokenId: DEFAULT_SIM_TOKEN.tokenId, tokenSecret: DEFAULT_SIM_TOKEN.secret };
  const targets = [...simulators].map(([name, simulator]) => ({ name, url: simulator.url }));
  if (targets.length === 1) {
    const [only] = targets as [{ name: string; url: string }];
    return {
      PVE_URL: only.url,
      PVE_TOKEN_ID: auth.tokenId,
      PVE_TOKEN_SECRET: auth.tokenSecret,
      PVE_TARGET: only.name,
      PVE_SYNC_INTERVAL_MS: '1000',
    };
  }
  const file = join(tmpdir(), `mpc-targets-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(targets.map((target) => ({ ...target, auth, syncIntervalMs: 1000 }))));
  return { PVE_TARGETS_FILE: file };
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

interface IacParts {
  generator: InProcessService;
  testRunner: InProcessService;
  workspaceRoot: string;
}

async function startIac(
  common: Record<string, string>,
  up: <T extends { stop(): Promise<void> }>(part: T) => T,
): Promise<IacParts> {
  const workspaceRoot = mkdtempSync(join(tmpdir(), 'mpc-workspaces-'));
  const env = { ...common, IAC_WORKSPACE_ROOT: workspaceRoot };
  const generator = up(await startInProcessService(iacGeneratorService, env));
  const testRunner = up(await startInProcessService(testRunnerService, env));
  return { generator, testRunner, workspaceRoot };
}
