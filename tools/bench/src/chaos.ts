import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { DEFAULT_SIM_TOKEN } from '@proxmox-mpc/pve-sim';
import { createLogger } from '@proxmox-mpc/telemetry';
import { readLocalPlatformFile, startNpmStart, type LocalPlatformFile } from '@proxmox-mpc/testing';

/** Every part `npm start` supervises, killed in turn. */
export const CHAOS_FAULTS = [
  'proxmox-agent',
  'audit',
  'mcp-edge',
  'iac-generator',
  'test-runner',
  'rag',
  'nats-server',
  'embedded PostgreSQL',
] as const;

const CORRELATION_META = 'dev.proxmox-mpc/correlation-id';
// How long the load runs between one recovery and the next fault.
const SETTLE_MS = 2_000;
const RECOVERY_LIMIT_MS = 120_000;
// Every tenth call makes a snapshot: an effect whose Proxmox tasks can be counted.
const EFFECT_EVERY = 10;

type CallOutcome = 'ok' | 'tool-error' | 'transport-error' | 'unanswered';

interface CallRecord {
  outcome: CallOutcome;
  tool: string;
  /** The part killed last when the call was made (none before the first fault). */
  after?: string;
  correlationId?: string;
  /** What a tool error said. */
  error?: string;
}

export interface FaultRecovery {
  part: string;
  /** From the kill until every service is healthy and a tool call succeeds. */
  recoveryMs: number;
}

export interface ChaosResult {
  recoveries: FaultRecovery[];
  calls: Record<CallOutcome, number>;
  /** Answered calls (ok or a tool error) whose evt.mcp.tool.called record never reached the audit log. */
  missingFromAudit: string[];
  /** Per VM: Proxmox snapshot tasks beyond the snapshot commands sent (an effect run twice). */
  repeatedEffects: Array<{ vmid: number; commands: number; tasks: number }>;
  snapshotCommands: number;
  /** The tool errors' texts, each once. */
  toolErrors: string[];
  /**
   * The calls answered with an error, by the part killed last when they were made, with
   * the first log line naming one of their correlation ids (the reason an INTERNAL has).
   */
  toolErrorsAfter: Array<{ part: string; count: number; logLine?: string }>;
}

interface Guest {
  vmid: number;
  node: string;
}

/**
 * Steady tool-call load on a platform run by `npm start`, while each supervised part is
 * killed with SIGKILL in turn: how long each takes to recover, and whether anything was
 * lost (a call answered but not audited), repeated (a Proxmox task run twice) or left
 * unanswered.
 */
export async function runChaos(options: {
  say: (line: string) => void;
  workers?: number;
  faults?: readonly string[];
}): Promise<ChaosResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mpc-chaos-'));
  const token = `chaos-${randomUUID()}`;
  // The services log at warn and above: what an error answer's correlation id leads to.
  const logLines: string[] = [];
  const start = await startNpmStart(
    dataDir,
    {
      MCP_BEARER_TOKEN: token,
      MCP_ADMIN_TOKEN: `chaos-admin-${randomUUID()}`,
      MCP_RATE_LIMIT_PER_MINUTE: '0',
      MCP_MAX_CONCURRENT_CALLS: '0',
    },
    (line) => logLines.push(line),
  );
  try {
    const platform = readLocalPlatformFile(dataDir);
    const mcpUrl = `${platform.edgeUrl}/mcp`;
    const vms = await snapshotTargets(platform.proxmoxUrl);
    const records: CallRecord[] = [];
    const startedAt = new Date().toISOString();
    let running = true;
    let lastKilled: string | undefined;
    const workers = Array.from({ length: options.workers ?? 4 }, (_, worker) =>
      (async () => {
        const vm = vms[worker % vms.length] as Guest;
        for (let index = 0; running; index += 1) {
          const effect = index % EFFECT_EVERY === EFFECT_EVERY - 1;
          const after = lastKilled;
          const record = await callOnce(
            mcpUrl,
            token,
            effect ? 'snapshot_guest' : 'list_guests',
            effect ? { guest: vm.vmid, name: `chaos-${worker}-${index}` } : { maxAgeSeconds: 3600 },
          );
          records.push({ ...record, ...(after ? { after } : {}) });
        }
      })(),
    );

    const recoveries: FaultRecovery[] = [];
    for (const part of options.faults ?? CHAOS_FAULTS) {
      await sleep(SETTLE_MS);
      const before = readLocalPlatformFile(dataDir);
      const pid = before.pids[part];
      if (!pid) throw new Error(`npm start does not supervise "${part}"`);
      const killedAt = performance.now();
      lastKilled = part;
      process.kill(pid, 'SIGKILL');
      await untilRecovered(dataDir, part, pid, mcpUrl, token);
      const recoveryMs = performance.now() - killedAt;
      recoveries.push({ part, recoveryMs });
      options.say(`  ${part.padEnd(20)} back and answering after ${(recoveryMs / 1000).toFixed(1)} s`);
    }
    running = false;
    await Promise.all(workers);

    const answered = records.filter((record) => record.correlationId !== undefined);
    const audited = await auditedToolCalls(
      platform,
      startedAt,
      new Set(answered.map((r) => r.correlationId as string)),
    );
    const calls = { ok: 0, 'tool-error': 0, 'transport-error': 0, unanswered: 0 };
    for (const record of records) calls[record.outcome] += 1;
    const effects = await effectsPerVm(platform, vms, startedAt);
    return {
      recoveries,
      calls,
      missingFromAudit: answered
        .map((record) => record.correlationId as string)
        .filter((id) => !audited.has(id)),
      repeatedEffects: effects.filter((vm) => vm.tasks > vm.commands),
      snapshotCommands: effects.reduce((sum, vm) => sum + vm.commands, 0),
      toolErrors: [...new Set(records.flatMap((record) => (record.error ? [record.error] : [])))],
      toolErrorsAfter: toolErrorsAfter(records, logLines),
    };
  } finally {
    await start.stop(30_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What a chaos run found, in lines for a person. */
export function summariseChaos(result: ChaosResult): string[] {
  const { calls } = result;
  return [
    `  calls: ${calls.ok} ok, ${calls['tool-error']} answered with an error, ` +
      `${calls['transport-error']} refused or cut while mcp-edge was down, ${calls.unanswered} unanswered`,
    `  answered but missing from the audit log: ${result.missingFromAudit.length}`,
    `  Proxmox tasks run twice: ${result.repeatedEffects.length} VMs (of ${result.snapshotCommands} snapshot commands)`,
    ...result.toolErrors.slice(0, 5).map((error) => `  tool error: ${error.slice(0, 300)}`),
    ...result.toolErrorsAfter.flatMap(({ part, count, logLine }) => [
      `  answered with an error after ${part} was killed: ${count}`,
      ...(logLine ? [`    logged: ${logLine.slice(0, 400)}`] : []),
    ]),
  ];
}

function toolErrorsAfter(
  records: readonly CallRecord[],
  logLines: readonly string[],
): ChaosResult['toolErrorsAfter'] {
  const byPart = new Map<string, CallRecord[]>();
  for (const record of records)
    if (record.outcome === 'tool-error') {
      const part = record.after ?? 'nothing';
      byPart.set(part, [...(byPart.get(part) ?? []), record]);
    }
  return [...byPart].map(([part, failed]) => {
    const ids = failed.flatMap((record) => (record.correlationId ? [record.correlationId] : []));
    const logLine = logLines.find((line) => ids.some((id) => line.includes(id)));
    return { part, count: failed.length, ...(logLine ? { logLine } : {}) };
  });
}

/** One call on a fresh connection (a dead edge leaves nothing to reuse), classified. */
async function callOnce(
  mcpUrl: string,
  token: string,
  tool: string,
  args: Record<string, unknown>,
): Promise<CallRecord> {
  const client = new Client({ name: 'chaos', version: '1.0.0' });
  try {
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    const result = await client.callTool({ name: tool, arguments: args });
    const correlationId = (result._meta as Record<string, unknown> | undefined)?.[CORRELATION_META];
    const text = (result.content as Array<{ type: string; text?: string }> | undefined)?.find(
      (part) => part.type === 'text',
    )?.text;
    return {
      outcome: result.isError ? 'tool-error' : 'ok',
      tool,
      ...(typeof correlationId === 'string' ? { correlationId } : {}),
      ...(result.isError ? { error: `${tool}: ${text ?? '(no text)'}` } : {}),
    };
  } catch (error) {
    // The SDK's own deadline (60 s) passing is the one failure that must never happen.
    const unanswered = /timed out|timeout/i.test((error as Error).message);
    if (!unanswered) await sleep(100);
    return { outcome: unanswered ? 'unanswered' : 'transport-error', tool };
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function untilRecovered(
  dataDir: string,
  part: string,
  killedPid: number,
  mcpUrl: string,
  token: string,
): Promise<void> {
  const deadline = performance.now() + RECOVERY_LIMIT_MS;
  for (;;) {
    if (performance.now() > deadline)
      throw new Error(`${part} did not recover within ${RECOVERY_LIMIT_MS / 1000} s`);
    const platform = readLocalPlatformFile(dataDir);
    if (platform.pids[part] !== killedPid && (await allHealthy(platform))) {
      // Not list_guests: mcp-edge may answer that from memory while the agent is still away.
      const probe = await callOnce(mcpUrl, token, 'list_nodes', {});
      if (probe.outcome === 'ok') return;
    }
    await sleep(100);
  }
}

async function allHealthy(platform: LocalPlatformFile): Promise<boolean> {
  const statuses = await Promise.all(
    Object.values(platform.services).map((url) =>
      fetch(`${url}/health`).then(
        (response) => response.status,
        () => 0,
      ),
    ),
  );
  return statuses.every((status) => status === 200);
}

async function pve<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api2/json${path}`, {
    headers: { Authorization: `PVEAPIToken=${DEFAULT_SIM_TOKEN.tokenId}=${DEFAULT_SIM_TOKEN.secret}` },
  });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return ((await response.json()) as { data: T }).data;
}

async function snapshotTargets(proxmoxUrl: string): Promise<Guest[]> {
  const resources = await pve<Array<{ vmid: number; node: string; type: string; template?: number }>>(
    proxmoxUrl,
    '/cluster/resources?type=vm',
  );
  return resources.filter((guest) => guest.type === 'qemu' && !guest.template).slice(0, 4);
}

/** The bus, as an operator's tool reads it: the audit service answers searches. */
async function withBus<T>(natsUrl: string, work: (bus: MessageBus) => Promise<T>): Promise<T> {
  const bus = await MessageBus.connect(
    { service: 'chaos-bench', natsUrl, publishOnly: true },
    createLogger({ service: 'chaos-bench', level: 'silent' }),
  );
  try {
    return await work(bus);
  } finally {
    await bus.close();
  }
}

const origin: Origin = { correlationId: 'chaos-bench', actor: { kind: 'operator', id: 'chaos-bench' } };

/** Every audited message of `type` since `from`, paged through. */
async function auditRows(bus: MessageBus, type: string, from: string) {
  const rows = [];
  let cursor: string | undefined;
  do {
    const page = await bus.query(
      Subjects.auditSearch,
      { type, from, limit: 1000, ...(cursor ? { cursor } : {}) },
      origin,
      { timeoutMs: 30_000 },
    );
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** Correlation ids with a tool-call record, waiting (up to a minute) for the outbox to drain. */
async function auditedToolCalls(
  platform: LocalPlatformFile,
  from: string,
  expected: ReadonlySet<string>,
): Promise<Set<string>> {
  return withBus(platform.natsUrl, async (bus) => {
    const deadline = performance.now() + 60_000;
    for (;;) {
      const found = new Set(
        (await auditRows(bus, Subjects.mcpToolCalled, from)).map((row) => row.correlationId as string),
      );
      if ([...expected].every((id) => found.has(id)) || performance.now() > deadline) return found;
      await sleep(1_000);
    }
  });
}

/** Snapshot commands recorded per VM against the snapshot tasks Proxmox ran. */
async function effectsPerVm(
  platform: LocalPlatformFile,
  vms: readonly Guest[],
  from: string,
): Promise<Array<{ vmid: number; commands: number; tasks: number }>> {
  const commands = await withBus(platform.natsUrl, (bus) =>
    auditRows(bus, Subjects.proxmoxGuestSnapshot, from),
  );
  return Promise.all(
    vms.map(async (vm) => {
      const tasks = await pve<unknown[]>(
        platform.proxmoxUrl,
        `/nodes/${vm.node}/tasks?vmid=${vm.vmid}&typefilter=qmsnapshot&limit=100000`,
      );
      const sent = commands.filter((row) => (row.data as { vmid?: number }).vmid === vm.vmid).length;
      return { vmid: vm.vmid, commands: sent, tasks: tasks.length };
    }),
  );
}
