import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { DatabaseError } from 'pg';
import { z } from 'zod';
import { fakeRecordPublisher } from '../__tests__/record-publisher';
import { AGENT, STOP_REFUSED, STOPPED, stopRequest } from '../__tests__/operations';
import type { AccessGrant } from '../access/access-policy';
import { ApprovalPolicy } from '../approvals/approval-policy';
import { InMemoryHostResolver } from '../downloads/host-resolver';
import { SeekApprovalUseCase } from '../approvals/seek-approval.use-case';
import { FollowOperationUseCase } from '../operations/follow-operation.use-case';
import { InMemoryCommandOutcomes } from '../operations/in-memory-command-outcomes';
import { InMemoryOperationStore } from '../operations/in-memory-operation.store';
import type { OperationRequest } from '../operations/operation-request';
import { RecordOperationOutcomeUseCase } from '../operations/record-operation-outcome.use-case';
import { SendOperationUseCase } from '../operations/send-operation.use-case';
import { operateTool, readTool, type ToolBus, type ToolDefinition } from '../tools/tool-definition';
import { InventoryAnswers } from '../tools/read/inventory-answers';
import { ToolPolicies } from '../tools/tool-policies';
import { ToolCallRecorder } from './tool-call-recorder';
import { ResultMeta, ToolCallRunner } from './tool-call-runner';

const GRANT: AccessGrant = {
  actorId: AGENT,
  scopes: ['read', 'plan', 'apply'],
  nodes: [],
  guests: [],
  tools: [],
};
const ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

// The tools here answer by themselves: any use of the bus is a mistake of the spec.
const unused = () => Promise.reject(new Error('this spec has no bus'));
const NO_BUS: ToolBus = { query: unused, execute: unused };

const echo = readTool({
  name: 'echo',
  title: 'Echo',
  description: 'Says the text back.',
  input: z.object({ text: z.string(), apiToken: z.string().optional() }),
  output: z.object({ text: z.string() }),
  annotations: ANNOTATIONS,
  scope: 'read',
  run: async ({ text }) => ({ structured: { text }, summary: `you said ${text}` }),
});

/** A read tool that always fails with `error`. */
const failing = (name: string, error: Error) =>
  readTool({
    name,
    title: name,
    description: `Fails with ${error.name}.`,
    input: z.object({}),
    output: z.object({}),
    annotations: ANNOTATIONS,
    scope: 'read',
    run: () => Promise.reject(error),
  });
// As a bug would.
const broken = failing('broken', new TypeError("Cannot read properties of undefined (reading 'vmid')"));
// As a statement does when PostgreSQL restarts under it: pg's own error, SQLSTATE 57P01.
const databaseDown = failing(
  'database_down',
  Object.assign(new DatabaseError('terminating connection due to administrator command', 0, 'error'), {
    code: '57P01',
  }),
);

/** An operate tool that prepares `request`, confirmed by typing web-01. */
function operating(request: OperationRequest): ToolDefinition {
  return operateTool({
    name: 'power_guest',
    title: 'Power',
    description: 'Powers a guest.',
    input: z.object({}),
    annotations: { ...ANNOTATIONS, readOnlyHint: false, destructiveHint: true },
    scope: 'apply',
    result: operationResultOf('power'),
    prepare: async () => ({ request, confirmation: 'web-01' }),
  });
}

describe(ToolCallRunner.name, () => {
  let operations: InMemoryOperationStore;
  let outcomes: InMemoryCommandOutcomes;
  let outbox: InMemoryEventOutbox;
  let sut: ToolCallRunner;

  const callAs = (grant: AccessGrant, tool: ToolDefinition, args: Record<string, unknown> = {}) =>
    sut.call(tool, args, { grant, transport: 'http' }, {});
  const records = () => outbox.dataOf(Subjects.mcpToolCalled);
  const commandsSent = () => outbox.added.filter((entry) => entry.subject === Subjects.proxmoxGuestPower);

  beforeEach(() => {
    operations = new InMemoryOperationStore();
    outcomes = new InMemoryCommandOutcomes();
    outbox = new InMemoryEventOutbox('mcp-edge');
    const clock = new FakeClock();
    const transactions = new InMemoryTransactions();
    const logger = createLogger({ service: 'mcp-edge', level: 'silent' });
    sut = new ToolCallRunner(
      NO_BUS,
      new SeekApprovalUseCase(
        new ApprovalPolicy({ '*': ['power.stop'], lab: [] }),
        operations,
        transactions,
        outbox,
        clock,
        { MCP_APPROVAL_TTL_MS: 60_000 },
      ),
      new SendOperationUseCase(
        operations,
        outcomes,
        new RecordOperationOutcomeUseCase(operations, clock),
        transactions,
        outbox,
        clock,
        { MCP_TOOL_TIMEOUT_MS: 1_000 },
      ),
      new FollowOperationUseCase(operations),
      // With the bus away, the records go to the outbox, where the spec reads them.
      new ToolCallRecorder(transactions, outbox, fakeRecordPublisher('away'), logger),
      new ToolPolicies(
        {
          MCP_DOWNLOAD_ALLOWED_HOSTS: [],
          MCP_DOWNLOAD_MAX_BYTES: 1024,
          MCP_EXEC_TIMEOUT_SECONDS: 5,
          MCP_EXEC_MAX_OUTPUT_BYTES: 1024,
        },
        new InMemoryHostResolver({}),
      ),
      new InventoryAnswers(
        { query: unused, unbrokenConnection: () => undefined, caughtUp: () => Promise.resolve() },
        clock,
      ),
      logger,
    );
  });

  it('should refuse a tool that needs a scope the caller lacks, before it prepares anything', async () => {
    const result = await callAs({ ...GRANT, scopes: ['read'] }, operating(stopRequest({ target: 'lab' })));

    expect(result).toMatchObject({
      isError: true,
      content: [{ text: `${AGENT} lacks the apply scope that power_guest needs [FORBIDDEN]` }],
    });
    expect(operations.rows).toEqual([]);
  });

  it("should refuse a tool outside the caller's tool allow-list", async () => {
    const result = await callAs({ ...GRANT, tools: ['list_guests'] }, echo, { text: 'hi' });

    expect(result).toMatchObject({
      isError: true,
      content: [{ text: `echo is not in the tool allow-list of ${AGENT} [FORBIDDEN]` }],
    });
  });

  it('should record a refusal as an error with its code', async () => {
    await callAs({ ...GRANT, tools: ['list_guests'] }, echo, { text: 'hi' });

    expect(records()).toEqual([
      expect.objectContaining({
        tool: 'echo',
        outcome: 'error',
        error: { code: 'FORBIDDEN', message: `echo is not in the tool allow-list of ${AGENT}` },
      }),
    ]);
  });

  it('should answer a read with its summary and output, under the correlation id of the call', async () => {
    const result = await callAs(GRANT, echo, { text: 'hi' });

    expect(result).toMatchObject({ content: [{ text: 'you said hi' }], structuredContent: { text: 'hi' } });
    expect(result._meta?.[ResultMeta.correlationId]).toBe(outbox.added[0]?.envelope.correlationId);
  });

  it('should record who called what and how it went, with secrets redacted', async () => {
    await callAs(GRANT, echo, { text: 'hi', apiToken: 'pve-secret' });

    expect(records()).toEqual([
      {
        tool: 'echo',
        transport: 'http',
        arguments: { text: 'hi', apiToken: '[REDACTED]' },
        outcome: 'ok',
        readOnly: true,
        durationMs: expect.any(Number),
      },
    ]);
    expect(outbox.added[0]?.envelope.actor).toEqual({ kind: 'agent', id: AGENT });
  });

  it('should answer an unexpected failure as internal, with the correlation id to find it by', async () => {
    const result = await callAs(GRANT, broken);

    const correlationId = outbox.added[0]?.envelope.correlationId;
    expect(result).toMatchObject({
      isError: true,
      content: [
        { text: `internal error; see the mcp-edge log for correlation id ${correlationId} [INTERNAL]` },
      ],
    });
  });

  it('should answer a database outage as one, to be tried again, not as internal', async () => {
    const result = await callAs(GRANT, databaseDown);

    expect(result).toMatchObject({
      isError: true,
      content: [
        {
          text:
            "mcp-edge's database is unavailable (terminating connection due to administrator command); " +
            'try again once it is back [DATABASE_UNAVAILABLE]',
        },
      ],
    });
  });

  it('should answer with the held operation when it needs an approval the client cannot give', async () => {
    const result = await callAs(GRANT, operating(stopRequest()));

    expect(result).toMatchObject({ structuredContent: { status: 'awaiting-approval' } });
    expect(result).not.toHaveProperty('isError');
    expect(commandsSent()).toEqual([]);
  });

  it('should send what needs no approval to the cluster the tool resolved, and answer how it ended', async () => {
    outcomes.endWith(Subjects.proxmoxOperationCompleted, STOPPED);

    const result = await callAs(GRANT, operating(stopRequest({ target: 'lab' })));

    expect(result).toMatchObject({ structuredContent: { status: 'completed', result: STOPPED } });
    expect(commandsSent()[0]?.envelope.target).toBe('lab');
  });

  it('should answer a failed operation as an error, and record it as one', async () => {
    outcomes.endWith(Subjects.proxmoxOperationFailed, STOP_REFUSED);

    const result = await callAs(GRANT, operating(stopRequest({ target: 'lab' })));

    expect(result).toMatchObject({ isError: true, structuredContent: { status: 'failed' } });
    expect(records()).toEqual([
      expect.objectContaining({ outcome: 'error', error: expect.objectContaining({ code: 'TASK_FAILED' }) }),
    ]);
  });
});
