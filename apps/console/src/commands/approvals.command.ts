import {
  ApprovalIdSchema,
  ApprovalStatusSchema,
  Subjects,
  type ApprovalStatus,
  type ApprovalSummary,
} from '@proxmox-mpc/contracts';
import { choiceFlag, stringFlag } from '../cli/arguments';
import { CommandFailed, UsageError } from '../cli/errors';
import { clockTime } from '../cli/format';
import { renderTable } from '../cli/table';
import { didYouMean } from '../cli/suggest';
import type { CommandContext, CommandDefinition, CommandResult } from './command';

const ACTIONS = ['list', 'show', 'approve', 'deny'] as const;
// mcp-edge answers at once; the decision is one conditional write and an outbox flush.
const DECIDE_TIMEOUT_MS = 30_000;

async function listApprovals(
  context: CommandContext,
  status: ApprovalStatus = 'pending',
): Promise<ApprovalSummary[]> {
  const bus = await context.platform.bus();
  return (await bus.query(Subjects.mcpApprovalsList, { status }, context.origin())).approvals;
}

/** The pending approval `id` names (an unknown one is refused with the pending ids). */
async function pendingApproval(context: CommandContext, id: string): Promise<ApprovalSummary> {
  const pending = await listApprovals(context);
  const found = pending.find((approval) => approval.approvalId === id);
  if (found) return found;
  if (!ApprovalIdSchema.safeParse(id).success) throw new UsageError(`"${id}" is not an approval id (a UUID)`);
  throw new CommandFailed(
    pending.length === 0
      ? `no pending approval ${id}: nothing is waiting`
      : `no pending approval ${id}${didYouMean(
          id,
          pending.map((approval) => approval.approvalId),
        )} (pending: ${pending.length}, /approvals lists them)`,
  );
}

/** An operator's decision, sent as a command under the console's operator; refusals come back in mcp-edge's words. */
async function decide(
  context: CommandContext,
  id: string,
  decision: 'approve' | 'deny',
  reason: string | undefined,
): Promise<CommandResult> {
  const approval = await pendingApproval(context, id);
  const bus = await context.platform.bus();
  const outcome = await bus.execute(
    Subjects.mcpApprovalDecide,
    { approvalId: approval.approvalId, decision, ...(reason ? { reason } : {}) },
    context.actingOrigin(approval.target),
    { timeoutMs: DECIDE_TIMEOUT_MS, signal: context.signal },
  );
  if (outcome.subject !== Subjects.mcpApprovalDecided) {
    throw new CommandFailed(`refused: ${outcome.envelope.data.message}`, outcome.envelope.data);
  }
  const decided = outcome.envelope.data;
  return {
    ok: true,
    data: decided,
    lines: [
      `${decision === 'approve' ? 'approved' : 'denied'}: ${decided.summary} (asked by ${decided.requestedBy})`,
    ],
  };
}

function approvalLines(context: CommandContext, approvals: readonly ApprovalSummary[]): string[] {
  if (approvals.length === 0) return ['no approvals'];
  return renderTable(
    [
      { header: 'ID' },
      { header: 'WHAT', shrink: true },
      { header: 'ASKED BY' },
      { header: 'STATUS' },
      { header: 'EXPIRES' },
    ],
    approvals.map((approval) => [
      approval.approvalId,
      approval.summary,
      approval.requestedBy,
      approval.status === 'pending' ? context.terminal.colours.yellow('pending') : approval.status,
      clockTime(approval.expiresAt),
    ]),
    context.terminal.width,
  );
}

export const approvalsCommand: CommandDefinition = {
  name: 'approvals',
  summary: 'Destructive operations agents asked for, waiting for a human: list, show, approve, deny.',
  arguments: [
    { name: 'action', description: `${ACTIONS.join(', ')} (default: list)`, complete: ACTIONS },
    {
      name: 'id',
      description: 'the approval id (show, approve, deny)',
      complete: (before) => (before[0] && before[0] !== 'list' ? 'approvals' : undefined),
    },
  ],
  flags: {
    status: {
      kind: 'string',
      value: 'status',
      description: 'list: pending (default), approved, denied or expired',
      complete: ApprovalStatusSchema.options,
    },
    reason: {
      kind: 'string',
      value: 'text',
      description: 'why (recorded with the decision; required to deny)',
    },
  },
  examples: [
    '/approvals',
    '/approvals approve 0f5b3c1e-8d2a-4f7e-9b61-2a7c4e1d9f30',
    '/approvals deny 0f5b3c1e-8d2a-4f7e-9b61-2a7c4e1d9f30 --reason "not during business hours"',
  ],
  notes: [
    'You decide as the console operator (MPC_OPERATOR, or your login). An approval runs its operation',
    'exactly once; an operator cannot approve what it asked for itself, nor an expired or decided one.',
  ],
  async run(context, args) {
    const [action = 'list', id] = args.positionals;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(
        `unknown action "${action}" for /approvals (${ACTIONS.join(', ')})${didYouMean(action, ACTIONS)}`,
      );
    }
    if (action === 'list') {
      const approvals = await listApprovals(
        context,
        choiceFlag(args, 'status', ApprovalStatusSchema.options),
      );
      return { ok: true, data: { approvals }, lines: approvalLines(context, approvals) };
    }
    if (id === undefined)
      throw new UsageError(`/approvals ${action} needs the approval id (Tab completes it)`);
    if (action === 'show') {
      const approval = await pendingApproval(context, id);
      return {
        ok: true,
        data: approval,
        lines: Object.entries(approval).map(
          ([field, value]) =>
            `${field.padEnd(12)} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
        ),
      };
    }
    const reason = stringFlag(args, 'reason');
    if (action === 'deny' && !reason)
      throw new UsageError('/approvals deny needs --reason: the agent is told why');
    return decide(context, id, action as 'approve' | 'deny', reason);
  },
};

/** `/approve <id>`: the same as `/approvals approve <id>`, for short (and `npm run approve -- <id>`). */
export const approveCommand: CommandDefinition = {
  name: 'approve',
  summary: 'Approve a pending request: the same as /approvals approve <id>.',
  arguments: [{ name: 'id', description: 'the approval id', required: true, complete: 'approvals' }],
  flags: { reason: { kind: 'string', value: 'text', description: 'why (recorded with the decision)' } },
  examples: ['/approve 0f5b3c1e-8d2a-4f7e-9b61-2a7c4e1d9f30'],
  run: (context, args) =>
    decide(context, args.positionals[0] as string, 'approve', stringFlag(args, 'reason')),
};

/** `/deny <id> --reason …`: the same as `/approvals deny`. */
export const denyCommand: CommandDefinition = {
  name: 'deny',
  summary: 'Deny a pending request, saying why: the same as /approvals deny <id> --reason <text>.',
  arguments: [{ name: 'id', description: 'the approval id', required: true, complete: 'approvals' }],
  flags: { reason: { kind: 'string', value: 'text', description: 'why (required; the agent is told)' } },
  examples: ['/deny 0f5b3c1e-8d2a-4f7e-9b61-2a7c4e1d9f30 --reason "wrong guest"'],
  async run(context, args) {
    const reason = stringFlag(args, 'reason');
    if (!reason) throw new UsageError('/deny needs --reason: the agent is told why');
    return decide(context, args.positionals[0] as string, 'deny', reason);
  },
};
