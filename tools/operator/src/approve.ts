import { parseArgs } from 'node:util';
import { AdminRefusal, callAdmin } from './admin-api';
import { operatorCredentials } from './operator-credentials';

const USAGE = `usage:
  npm run approve -- --list                     pending approvals
  npm run approve -- <approval-id>              approve
  npm run approve -- <approval-id> --deny       deny
  options: --reason "why" (recorded with the decision)`;

interface ApprovalView {
  approvalId: string;
  summary: string;
  requestedBy: string;
  expiresAt: string;
  status: string;
}

/**
 * The operator's side of an approval: decides held operations with the admin token,
 * which an agent's MCP token is not. Runs against the platform `npm start` runs, or
 * any mcp-edge given by MPC_EDGE_URL and MPC_ADMIN_TOKEN.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      list: { type: 'boolean' },
      deny: { type: 'boolean' },
      reason: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || (!values.list && positionals.length !== 1)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const credentials = operatorCredentials();
  if (values.list) {
    const { approvals } = await callAdmin<{ approvals: ApprovalView[] }>(
      credentials,
      'GET',
      '/admin/approvals',
    );
    process.stdout.write(approvals.length ? '' : 'no pending approvals\n');
    for (const approval of approvals) {
      process.stdout.write(
        `${approval.approvalId}  ${approval.summary}  (by ${approval.requestedBy}, expires ${approval.expiresAt})\n`,
      );
    }
    return 0;
  }
  const [id] = positionals;
  try {
    const { approval } = await callAdmin<{ approval: ApprovalView }>(
      credentials,
      'POST',
      `/admin/approvals/${encodeURIComponent(id as string)}`,
      { decision: values.deny ? 'deny' : 'approve', ...(values.reason ? { reason: values.reason } : {}) },
    );
    process.stdout.write(`${values.deny ? 'denied' : 'approved'}: ${approval.summary}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AdminRefusal)) throw error;
    process.stderr.write(`refused: ${error.message}\n`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`approve: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
