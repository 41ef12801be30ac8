import {
  DRIFT_REPORT_TIMEOUT_MS,
  DriftReportQuery,
  Subjects,
  WorkspaceNameSchema,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { readTool } from '../tool-definition';

export const iacDriftTool = readTool({
  name: 'iac_drift',
  title: 'Drift between code and cluster',
  description:
    "Where the live cluster departs from a workspace's newest commit: guests whose settings differ (attribute by " +
    'attribute), guests in code but gone, guests in the cluster but not in code.',
  input: z.object({ workspace: WorkspaceNameSchema }).strict(),
  output: DriftReportQuery.response,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ workspace }, { bus, origin }) {
    const report = await bus.query(Subjects.iacDriftReport, { workspace }, origin, {
      timeoutMs: DRIFT_REPORT_TIMEOUT_MS,
    });
    const lines = report.drifts.map((drift) =>
      drift.kind === 'changed'
        ? `${drift.vmid} changed: ${drift.changes.map((change) => `${change.path} ${JSON.stringify(change.before)} (code: ${JSON.stringify(change.after)})`).join(', ')}`
        : `${drift.vmid} ${drift.kind === 'missing' ? 'is in code but not in the cluster' : 'is in the cluster but not in code'}`,
    );
    return {
      structured: report,
      summary: [
        report.drifts.length
          ? `${report.drifts.length} guests drifted from ${workspace} at ${report.revision.slice(0, 12)}:`
          : `No drift: ${report.target} matches ${workspace} at ${report.revision.slice(0, 12)}.`,
        ...lines,
      ].join('\n'),
    };
  },
});
