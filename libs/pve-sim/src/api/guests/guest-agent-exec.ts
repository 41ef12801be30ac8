import type { Guest } from '../../state/guest';
import { guestResources } from '../../state/guest-resources';

// The programs a simulated guest has, answering as a Debian guest would. QEMU's guest
// agent runs a command, keeps its output until the status of the exited process has been
// read once, then forgets the pid.

/** A process guest-exec started, as guest-exec-status reports it. */
export interface AgentProcess {
  readonly pid: number;
  /** Epoch milliseconds at which it exits. */
  readonly exitsAt: number;
  readonly exitcode: number;
  readonly out: string;
  readonly err: string;
}

type Program = (
  args: readonly string[],
  guest: Guest,
  input: string,
) => { exitcode: number; out: string; err?: string; seconds?: number };

// QEMU's guest agent stops capturing a stream at 16 MiB (GUEST_EXEC_MAX_OUTPUT).
const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

const hostnameOf = (guest: Guest): string => guestResources(guest).name;

const OS_RELEASE = [
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="12"',
  'VERSION="12 (bookworm)"',
  'ID=debian',
  '',
].join('\n');

const PROGRAMS: Readonly<Record<string, Program>> = {
  true: () => ({ exitcode: 0, out: '' }),
  false: () => ({ exitcode: 1, out: '' }),
  echo: (args) => ({ exitcode: 0, out: `${args.join(' ')}\n` }),
  cat: (args, guest, input) => {
    if (args.length === 0) return { exitcode: 0, out: input };
    const files: Record<string, string> = {
      '/etc/os-release': OS_RELEASE,
      '/etc/hostname': `${hostnameOf(guest)}\n`,
      '/etc/debian_version': '12.8\n',
    };
    const missing = args.find((file) => files[file] === undefined);
    if (missing) return { exitcode: 1, out: '', err: `cat: ${missing}: No such file or directory\n` };
    return { exitcode: 0, out: args.map((file) => files[file]).join('') };
  },
  hostname: (_args, guest) => ({ exitcode: 0, out: `${hostnameOf(guest)}\n` }),
  uname: (args, guest) => ({
    exitcode: 0,
    out: args.includes('-a')
      ? `Linux ${hostnameOf(guest)} 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n`
      : args.includes('-r')
        ? '6.1.0-28-amd64\n'
        : 'Linux\n',
  }),
  uptime: (_args, guest) => {
    const minutes = Math.floor((Date.now() - (guest.startedAt ?? Date.now())) / 60_000);
    return {
      exitcode: 0,
      out: ` up ${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')},  1 user,  load average: 0.08, 0.03, 0.01\n`,
    };
  },
  df: () => ({
    exitcode: 0,
    out: 'Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        31G  4.2G   25G  15% /\ntmpfs           2.0G     0  2.0G   0% /dev/shm\n',
  }),
  systemctl: (args) => {
    const unit = args.at(-1) ?? '';
    const known = ['ssh', 'nginx', 'postgresql', 'cron', 'qemu-guest-agent'].includes(
      unit.replace(/\.service$/, ''),
    );
    if (args[0] === 'is-active') return { exitcode: known ? 0 : 3, out: known ? 'active\n' : 'inactive\n' };
    if (args[0] === 'status' && known)
      return { exitcode: 0, out: `● ${unit}.service\n     Active: active (running)\n` };
    return { exitcode: 4, out: '', err: `Unit ${unit}.service could not be found.\n` };
  },
  seq: (args) => {
    const last = Number(args.at(-1));
    if (!Number.isInteger(last))
      return { exitcode: 1, out: '', err: `seq: invalid floating point argument: '${args.at(-1) ?? ''}'\n` };
    return {
      exitcode: 0,
      out: Array.from(
        { length: Math.max(0, Math.min(last, 2_000_000)) },
        (_, index) => `${index + 1}\n`,
      ).join(''),
    };
  },
  sleep: (args) => ({ exitcode: 0, out: '', seconds: Math.min(Number(args[0]) || 0, 600) }),
};

/** Paths resolve to the program's name, as `/usr/bin/uptime` and `uptime` both run uptime. */
function programOf(path: string): Program | undefined {
  return PROGRAMS[path.split('/').at(-1) ?? ''];
}

/** guest-exec: the process, or the agent's error for a program the guest does not have. */
export function startProcess(
  guest: Guest,
  pid: number,
  command: readonly string[],
  input: string,
  now: number,
): AgentProcess {
  const [path = '', ...args] = command;
  const program = programOf(path);
  if (!program) throw new Error(`Failed to execute child process “${path}” (No such file or directory)`);
  const result = program(args, guest, input);
  return {
    pid,
    exitsAt: now + (result.seconds ?? 0) * 1000,
    exitcode: result.exitcode,
    out: result.out,
    err: result.err ?? '',
  };
}

/** guest-exec-status for a running or exited process, as qemu-server passes it on (base64 decoded). */
export function processStatus(process: AgentProcess, now: number): Record<string, string | number> {
  if (now < process.exitsAt) return { exited: 0 };
  const stream = (name: 'out' | 'err', text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return {};
    const truncated = bytes.length > MAX_CAPTURE_BYTES;
    return {
      [`${name}-data`]: bytes.subarray(0, MAX_CAPTURE_BYTES).toString('utf8'),
      ...(truncated && { [`${name}-truncated`]: 1 }),
    };
  };
  return {
    exited: 1,
    exitcode: process.exitcode,
    ...stream('out', process.out),
    ...stream('err', process.err),
  };
}
