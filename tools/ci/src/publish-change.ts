import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type DataOf } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';

const USAGE = `usage: npm run ci:publish -- --workspace <name> [--commit <sha>] [--repo <owner/name>] [--ref <ref>]
                          [--wait <seconds> | --no-wait]
  Announces evt.ci.change.proposed and, unless --no-wait, waits for test-runner's verdict.
  NATS_URL names the server and the CI credential (nats://ci:<password>@host:4222);
  --commit, --repo and --ref default to GITHUB_SHA, GITHUB_REPOSITORY and GITHUB_REF.
  exit: 0 passed (or published with --no-wait), 1 failed, 2 usage, 3 no verdict in time`;

type Verdict = DataOf<typeof Subjects.testCompleted>;

function report(verdict: Verdict): string {
  const lines = [
    `${verdict.status.toUpperCase()}: workspace ${verdict.workspace} at ${verdict.revision ?? '(unknown revision)'}`,
  ];
  for (const check of verdict.checks) {
    lines.push(`  ${check.status.padEnd(7)} ${check.name}: ${check.summary}`);
    for (const finding of check.findings.slice(0, 20))
      lines.push(`            ${finding.location}: ${finding.message}`);
  }
  lines.push(
    `  plan: ${verdict.plan.create} to create, ${verdict.plan.update} to update, ${verdict.plan.delete} to destroy`,
  );
  return `${lines.join('\n')}\n`;
}

/** What a pipeline runs: publish the proposed change (with a publish-only credential), await the verdict. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      commit: { type: 'string', default: process.env.GITHUB_SHA },
      repo: { type: 'string', default: process.env.GITHUB_REPOSITORY ?? 'local' },
      ref: { type: 'string', default: process.env.GITHUB_REF ?? 'HEAD' },
      wait: { type: 'string', default: '600' },
      'no-wait': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const waitSeconds = Number(values.wait);
  if (
    values.help ||
    !values.workspace ||
    !values.commit ||
    !Number.isInteger(waitSeconds) ||
    waitSeconds < 1
  ) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    process.stderr.write('ci:publish: set NATS_URL, e.g. nats://ci:<password>@nats.example:4222\n');
    return 2;
  }
  const bus = await MessageBus.connect(
    { service: 'ci-publish', natsUrl, publishOnly: true },
    createLogger({ service: 'ci-publish', level: 'silent' }),
  );
  try {
    const correlationId = `ci-${randomUUID()}`;
    const origin = { correlationId, actor: { kind: 'ci' as const, id: values.repo as string } };
    const verdict = values['no-wait']
      ? undefined
      : (
          await bus.expectEvent(
            Subjects.testCompleted,
            (event) => event.correlationId === correlationId,
            waitSeconds * 1000,
          )
        ).event;
    await bus.publish(
      Subjects.ciChangeProposed,
      {
        repo: values.repo as string,
        ref: values.ref as string,
        commit: values.commit,
        workspace: values.workspace,
      },
      origin,
    );
    process.stdout.write(`published evt.ci.change.proposed, correlation id ${correlationId}\n`);
    if (!verdict) return 0;
    const result = await verdict.catch((error: Error) => {
      process.stderr.write(`ci:publish: ${error.message}\n`);
      return undefined;
    });
    if (!result) return 3;
    process.stdout.write(report(result.data));
    return result.data.status === 'passed' ? 0 : 1;
  } finally {
    await bus.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ci:publish: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
