import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { CheckResult, GeneratedFile } from '@proxmox-mpc/iac';
import { PlaybookSyntaxCheck } from './playbook-syntax-check';

const run = promisify(execFile);

/**
 * `ansible-playbook --syntax-check` on every playbook of a revision, where Ansible is
 * installed (CI installs Debian's `ansible`); skipped, and said so, where it is not.
 */
@Injectable()
export class AnsibleSyntaxCheck extends PlaybookSyntaxCheck implements OnApplicationShutdown {
  // A check of 10,000 guests runs for minutes; it must not outlive the service that started it.
  private readonly shutdown = new AbortController();

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  async check(files: readonly GeneratedFile[]): Promise<CheckResult> {
    const playbooks = files.filter((file) => /^ansible\/playbooks\/[^/]+\.ya?ml$/.test(file.path));
    if (playbooks.length === 0) {
      return { name: 'ansible-syntax', status: 'skipped', summary: 'no playbooks', findings: [] };
    }
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
          ['--syntax-check', '-i', 'ansible/inventory.yml', ...playbooks.map((playbook) => playbook.path)],
          {
            cwd: dir,
            env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: join(dir, '.ansible-tmp') },
            timeout: 300_000,
            signal: this.shutdown.signal,
          },
        );
      } catch (error) {
        // Not a verdict: the run is redelivered to a replica that stays up.
        if (this.shutdown.signal.aborted) throw error;
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return {
            name: 'ansible-syntax',
            status: 'skipped',
            summary: 'ansible-playbook is not installed (apt-get install ansible)',
            findings: [],
          };
        }
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
          playbooks.find((playbook) => output.includes(playbook.path))?.path ?? 'ansible/playbooks';
        return {
          name: 'ansible-syntax',
          status: 'failed',
          summary: 'a playbook fails the syntax check',
          findings: [{ location, message: output.trim().split('\n').slice(0, 8).join(' ') }],
        };
      }
      return {
        name: 'ansible-syntax',
        status: 'passed',
        summary: `${playbooks.length} playbooks pass`,
        findings: [],
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
