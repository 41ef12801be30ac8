import { DEFAULT_SIM_TOKEN, PveSimulator, type PveSimulatorOptions } from '@proxmox-mpc/pve-sim';
import { startOnFreePort } from './free-port';
import type { ManagedProcess } from './managed-process';
import { DEFAULT_HTTP_PORTS, SERVICE_NAMES, startServiceProcess, type ServiceName } from './service-process';

export interface ProxmoxConnection {
  url: string;
  tokenId: string;
  tokenSecret: string;
  insecureTls?: boolean;
  caFile?: string;
}

export interface PlatformOptions {
  natsUrl: string;
  databaseUrl: string;
  /** A real cluster; without it the simulator is started (homelab scenario unless `simulator` says). */
  proxmox?: ProxmoxConnection;
  simulator?: PveSimulatorOptions;
  /** `default` uses the documented ports (8006, 8080-8085) when free; `free` always picks free ports. */
  ports: 'default' | 'free';
  mcpToken: string;
  /** The operator's token for approvals; never handed to an agent. */
  adminToken?: string;
  /** Extra environment for every service (LOG_LEVEL, OTEL_EXPORTER_OTLP_ENDPOINT, …). */
  env?: Record<string, string>;
  /** Extra environment for proxmox-agent alone (PVE_SECRETS_KEY_FILE, …). */
  agentEnv?: Record<string, string>;
  onLine?: (service: ServiceName, line: string) => void;
}

export interface RunningPlatform {
  proxmox: ProxmoxConnection;
  simulator?: PveSimulator;
  mcpUrl: string;
  serviceUrls: Record<ServiceName, string>;
  processes: Map<ServiceName, ManagedProcess>;
  stop(): Promise<void>;
}

const SIMULATOR_PORT = 8006;

function preferred(port: number, mode: PlatformOptions['ports']): number | undefined {
  return mode === 'default' ? port : undefined;
}

/**
 * Starts the six services (and the simulator unless a cluster is given) against NATS
 * and PostgreSQL that are already running. Used by `npm start` and the end-to-end tests.
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  let simulator: PveSimulator | undefined;
  let proxmox = options.proxmox;
  if (!proxmox) {
    const sim = new PveSimulator({ scenario: 'homelab', ...options.simulator });
    simulator = sim;
    const { started: url } = await startOnFreePort(preferred(SIMULATOR_PORT, options.ports), (port) =>
      sim.start(port, '127.0.0.1'),
    );
    proxmox = { url, tokenId: DEFAULT_SIM_TOKEN.tokenId, tokenSecret: DEFAULT_SIM_TOKEN.secret };
  }

  const ports = {} as Record<ServiceName, number>;
  const common = {
    ...process.env,
    NATS_URL: options.natsUrl,
    DATABASE_URL: options.databaseUrl,
    HTTP_HOST: '127.0.0.1',
    ...options.env,
  };
  const envFor = (name: ServiceName, port: number): NodeJS.ProcessEnv & { HTTP_PORT: string } => ({
    ...common,
    HTTP_PORT: String(port),
    ...(name === 'proxmox-agent'
      ? {
          PVE_URL: proxmox.url,
          PVE_TOKEN_ID: proxmox.tokenId,
          PVE_TOKEN_SECRET: proxmox.tokenSecret,
          ...(proxmox.insecureTls ? { PVE_INSECURE_TLS: 'true' } : {}),
          ...(proxmox.caFile ? { PVE_CA_FILE: proxmox.caFile } : {}),
          ...options.agentEnv,
        }
      : {}),
    ...(name === 'mcp-edge'
      ? {
          MCP_BEARER_TOKEN: options.mcpToken,
          ...(options.adminToken ? { MCP_ADMIN_TOKEN: options.adminToken } : {}),
        }
      : {}),
  });

  const processes = new Map<ServiceName, ManagedProcess>();
  const stop = async (): Promise<void> => {
    await Promise.all([...processes.values()].map((service) => service.stop()));
    await simulator?.stop();
  };
  try {
    await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        const onLine = options.onLine;
        const { port, started } = await startOnFreePort(
          preferred(DEFAULT_HTTP_PORTS[name], options.ports),
          (port) => startServiceProcess(name, envFor(name, port), onLine && ((line) => onLine(name, line))),
        );
        ports[name] = port;
        processes.set(name, started);
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const serviceUrls = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}`]),
  ) as Record<ServiceName, string>;
  return {
    proxmox,
    ...(simulator ? { simulator } : {}),
    mcpUrl: `${serviceUrls['mcp-edge']}/mcp`,
    serviceUrls,
    processes,
    stop,
  };
}
