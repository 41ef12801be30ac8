import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { CheckResult, GeneratedFile } from '@proxmox-mpc/iac';
import { PlaybookSyntaxCheck } from './playbook-syntax-check';

const run = promisify(execFile);

const INVENTORY = 'ansible/inventory.yml';
// Content hashes remembered as passing: the files of dozens of revisions.
const KNOWN_CAPACITY = 4_096;

const sha256 = (file: GeneratedFile): string => createHash('sha256').update(file.content).digest('hex');

const executable = (path: string): Promise<boolean> =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/** Whether `command` is on the PATH, found without starting it (Ansible takes a second to). */
async function onPath(command: string): Promise<boolean> {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return (await Promise.all(dirs.map((dir) => executable(join(dir, command))))).includes(true);
}

/**
 * `ansible-playbook --syntax-check` on the playbooks of a revision that are not known to
 * pass, where Ansible is installed (CI installs Debian's `ansible`); skipped, and said so,
 * where it is not. Known to pass: content that passed here before, and what iac-generator
 * wrote. Ansible takes about 2 ms a task, and a 10,000-guest import has 45,000 tasks, so
 * only what someone changed is run again.
 */
@Injectable()
export class AnsibleSyntaxCheck extends PlaybookSyntaxCheck implements OnApplicationShutdown {
  // A check of thousands of tasks runs for minutes; it must not outlive the service that started it.
  private readonly shutdown = new AbortController();
  // Content hashes in the order learnt, so the oldest go first.
  private readonly known = new Set<string>();

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  async check(files: readonly GeneratedFile[], generated: readonly string[] = []): Promise<CheckResult> {
    for (const hash of generated) this.remember(hash);
    const playbooks = files.filter((file) => /^ansible\/playbooks\/[^/]+\.ya?ml$/.test(file.path));
    if (playbooks.length === 0) {
      return { name: 'ansible-syntax', status: 'skipped', summary: 'no playbooks', findings: [] };
    }
    if (!(await onPath('ansible-playbook'))) {
      return {
        name: 'ansible-syntax',
        status: 'skipped',
        summary: 'ansible-playbook is not installed (apt-get install ansible)',
        findings: [],
      };
    }
    const changed = playbooks.filter((playbook) => !this.known.has(sha256(playbook)));
    const inventory = files.find((file) => file.path === INVENTORY);
    const inventoryChanged = inventory !== undefined && !this.known.has(sha256(inventory));
    if (changed.length === 0 && !inventoryChanged) return passed(playbooks.length, 0);
    // A syntax check does not depend on the inventory, and Ansible takes 10 s to load one of
    // 10,000 hosts: it is loaded when it changed (and must then parse), else a stand-in.
    // ansible-playbook loads an inventory only with a playbook: the smallest carries it.
    const toRun = changed.length
      ? changed
      : [...playbooks].sort((a, b) => a.content.length - b.content.length).slice(0, 1);
    const dir = await mkdtemp(join(tmpdir(), 'mpc-ansible-'));
    try {
      for (const file of files.filter((entry) => entry.path.startsWith('ansible/'))) {
        await mkdir(dirname(join(dir, file.path)), { recursive: true });
        await writeFile(join(dir, file.path), file.content);
      }
      // One ansible-playbook run for all playbooks: Ansible takes seconds to start.
      try {
        await run(
          'ansible-playbook',
          [
            '--syntax-check',
            '-i',
            inventoryChanged ? INVENTORY : 'localhost,',
            ...toRun.map((playbook) => playbook.path),
          ],
          {
            cwd: dir,
            env: {
              ...process.env,
              ANSIBLE_NOCOLOR: '1',
              ANSIBLE_LOCAL_TEMP: join(dir, '.ansible-tmp'),
              ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true',
            },
            timeout: 300_000,
            signal: this.shutdown.signal,
          },
        );
      } catch (error) {
        // Not a verdict: the run is redelivered to a replica that stays up.
        if (this.shutdown.signal.aborted) throw error;
        const output = `${(error as { stderr?: string }).stderr ?? ''}${(error as { stdout?: string }).stdout ?? ''}`;
        const missing = /couldn't resolve module\/action '(community\.\w+)\./.exec(output)?.[1];
        if (missing) {
          // Not the change's fault: this machine lacks the collection the playbooks name.
          return {
            name: 'ansible-syntax',
            status: 'skipped',
            summary: `${missing} is not installed here (ansible-galaxy collection install -r ansible/requirements.yml)`,
            findings: [],
          };
        }
        const location =
          playbooks.find((playbook) => output.includes(playbook.path))?.path ??
          (inventoryChanged && output.includes(INVENTORY) ? INVENTORY : 'ansible/playbooks');
        return {
          name: 'ansible-syntax',
          status: 'failed',
          summary:
            location === INVENTORY ? 'the inventory does not parse' : 'a playbook fails the syntax check',
          findings: [{ location, message: output.trim().split('\n').slice(0, 8).join(' ') }],
        };
      }
      for (const file of inventoryChanged ? [...toRun, inventory] : toRun) this.remember(sha256(file));
      return passed(playbooks.length, changed.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private remember(hash: string): void {
    this.known.delete(hash);
    this.known.add(hash);
    if (this.known.size > KNOWN_CAPACITY) this.known.delete(this.known.values().next().value as string);
  }
}

function passed(playbooks: number, checked: number): CheckResult {
  return {
    name: 'ansible-syntax',
    status: 'passed',
    summary:
      checked === playbooks
        ? `${playbooks} playbooks pass`
        : `${playbooks} playbooks pass: ${checked} checked, ${playbooks - checked} as checked before or as iac-generator wrote them`,
    findings: [],
  };
}
