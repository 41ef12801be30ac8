import { z } from 'zod';

/** `IAC_WORKSPACE_ROOT`, one setting for iac-generator, which writes the workspaces, and test-runner, which reads them. */
export const WorkspaceRootSetting = z
  .string()
  .min(1)
  .default('.data/workspaces')
  .describe(
    'Where the workspaces live, one git repository per folder; iac-generator writes them and test-runner ' +
      'reads them, so both need the same folder (shared storage when running replicas).',
  );
