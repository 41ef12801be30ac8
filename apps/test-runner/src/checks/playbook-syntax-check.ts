import type { CheckResult, GeneratedFile } from '@proxmox-mpc/iac';

/** The syntax check of a revision's Ansible playbooks, which needs Ansible itself. */
export abstract class PlaybookSyntaxCheck {
  /** `generated`: sha256 of files iac-generator wrote, which pass as its own output. */
  abstract check(files: readonly GeneratedFile[], generated?: readonly string[]): Promise<CheckResult>;
}
