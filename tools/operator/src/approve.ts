import { parseArgs } from 'node:util';
import { repoRoot } from '@proxmox-mpc/testing';
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
  const { edgeUrl, adminToken } = operatorCredentials(repoRoot());
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  if (values.list) {
    const response = await fetch(`${edgeUrl}/admin/approvals`, { headers });
    const body = (await response.json()) as { approvals?: ApprovalView[]; error_description?: string };
    if (!response.ok) throw new Error(body.error_description ?? `HTTP ${response.status}`);
    const approvals = body.approvals ?? [];
    process.stdout.write(approvals.length ? '' : 'no pending approvals\n');
    for (const approval of approvals) {
      process.stdout.write(
        `${approval.approvalId}  ${approval.summary}  (by ${approval.requestedBy}, expires ${approval.expiresAt})\n`,
      );
    }
    return 0;
  }
  const [id] = positionals;
  const response = await fetch(`${edgeUrl}/admin/approvals/${encodeURIComponent(id as string)}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      decision: values.deny ? 'deny' : 'approve',
      ...(values.reason ? { reason: values.reason } : {}),
    }),
  });
  const body = (await response.json()) as { approval?: ApprovalView; error_description?: string };
  if (!response.ok) {
    process.stderr.write(`refused: ${body.error_description ?? `HTTP ${response.status}`}\n`);
    return 1;
  }
  process.stdout.write(`${values.deny ? 'denied' : 'approved'}: ${body.approval?.summary}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`approve: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
