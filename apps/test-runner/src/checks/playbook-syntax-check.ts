import type { CheckResult, GeneratedFile } from '@proxmox-mpc/iac';

/** The syntax check of a revision's Ansible playbooks, which needs Ansible itself. */
export abstract class PlaybookSyntaxCheck {
  abstract check(files: readonly GeneratedFile[]): Promise<CheckResult>;
}
