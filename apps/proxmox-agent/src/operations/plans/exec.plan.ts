import { HandlerError } from '@proxmox-mpc/bus';
import type { GuestExecRequested } from '@proxmox-mpc/contracts';
import type { PveClient, PveExecStatus } from '@proxmox-mpc/pve-client';
import type { LocatedGuest } from '../../inventory/guest-locator';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

// Often enough for a quick command to answer at once, rarely enough to spare the agent.
const STATUS_POLL_MS = 250;

interface ExecOutcome {
  readonly exited: boolean;
  readonly exitCode?: number;
  readonly signal?: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutTruncated: boolean;
  readonly stderrTruncated: boolean;
}

/** At most `maxBytes` of UTF-8 text, and whether anything was cut (by the agent or here). */
function bounded(
  text: string | undefined,
  maxBytes: number,
  cutByAgent: boolean,
): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text ?? '', 'utf8');
  if (bytes.length <= maxBytes) return { text: text ?? '', truncated: cutByAgent };
  return { text: bytes.subarray(0, maxBytes).toString('utf8'), truncated: true };
}

function outcomeOf(status: PveExecStatus, maxBytes: number): ExecOutcome {
  const stdout = bounded(status['out-data'], maxBytes, Boolean(status['out-truncated']));
  const stderr = bounded(status['err-data'], maxBytes, Boolean(status['err-truncated']));
  return {
    exited: Boolean(status.exited),
    ...(status.exitcode === undefined ? {} : { exitCode: status.exitcode }),
    ...(status.signal === undefined ? {} : { signal: status.signal }),
    stdout: stdout.text,
    stderr: stderr.text,
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
  };
}

/** Polls the guest agent until the process exits or `timeoutMs` passes (then it reports it still running). */
async function waitForExit(
  client: PveClient,
  guest: LocatedGuest,
  pid: number,
  timeoutMs: number,
  maxBytes: number,
): Promise<ExecOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await client.agentExecStatus(guest.node, guest.vmid, pid);
    if (status.exited || Date.now() >= deadline) return outcomeOf(status, maxBytes);
    await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
  }
}

/** A command run in a VM by its QEMU guest agent, without a shell; its output captured and bounded. */
export const execOperation: OperationDefinition<GuestExecRequested> = {
  operation: 'exec',
  async plan(command, { client, journal, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    if (guest.type !== 'qemu') {
      throw new HandlerError(
        'INVALID_MESSAGE',
        `the QEMU guest agent runs in VMs; ${guest.vmid} is a container`,
        false,
      );
    }
    let pid = 0;
    let outcome: ExecOutcome | undefined;
    return {
      guest,
      steps: [
        {
          name: 'exec',
          run: async () => {
            // Kept before it is used: a redelivered command follows the process it started
            // instead of running the command a second time.
            pid = await journal.keep('pid', () =>
              client.agentExec(guest.node, guest.vmid, command.command, command.input),
            );
            outcome = await waitForExit(
              client,
              guest,
              pid,
              command.timeoutSeconds * 1000,
              command.maxOutputBytes,
            );
            return null;
          },
        },
      ],
      complete: async ({ upids, durationMs }) => {
        if (!outcome) throw new Error('the exec step ended without an outcome');
        return {
          operation: 'exec',
          ...identify(guest),
          upids,
          durationMs,
          command: command.command,
          pid,
          ...outcome,
        };
      },
    };
  },
};
