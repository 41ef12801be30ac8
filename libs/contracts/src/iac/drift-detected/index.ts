import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { GuestDriftSchema } from '../drift';
import { RevisionSchema, WorkspaceNameSchema } from '../workspace';

export const DriftDetectedContract = defineEvent({
  subject: 'evt.iac.drift.detected',
  type: 'iac.drift.detected',
  data: GuestDriftSchema.extend({
    workspace: WorkspaceNameSchema,
    target: TargetNameSchema,
    /** The workspace commit compared against. */
    revision: RevisionSchema,
  }),
});
