import { z } from 'zod';
import { defineQuery } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { GuestDriftSchema } from '../drift';
import { RevisionSchema, WorkspaceNameSchema } from '../workspace';

/**
 * How long a caller waits for a drift report: it compares every guest's configuration, which
 * on a cluster of thousands of guests takes tens of seconds on a busy machine.
 */
export const DRIFT_REPORT_TIMEOUT_MS = 300_000;

/** Every drift of a workspace now: its HEAD against the live inventory. */
export const DriftReportQuery = defineQuery({
  subject: 'qry.iac.drift.report',
  type: 'iac.drift.report',
  request: z.object({ workspace: WorkspaceNameSchema }).strict(),
  response: z.object({
    workspace: WorkspaceNameSchema,
    target: TargetNameSchema,
    revision: RevisionSchema,
    drifts: z.array(GuestDriftSchema),
  }),
});
