/** What a one-shot run exits with: scripts and CI branch on these. */
export const ExitCode = {
  ok: 0,
  /** The command failed, or found something wrong (unhealthy, drift, a check that failed). */
  failed: 1,
  /** Bad usage: an unknown command or flag, a missing or malformed argument. */
  usage: 2,
} as const;

/** The operator asked for something the console does not understand; nothing was sent. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The command ran and the platform said no, or found something wrong. The message is for
 * the operator as it is; `data` is what `--json` prints beside it.
 */
export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'CommandFailed';
  }
}

/** The operator pressed Ctrl-C: the console stopped waiting (work already sent runs on). */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}
