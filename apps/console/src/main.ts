import { PLATFORM_VERSION } from '@proxmox-mpc/telemetry';
import { Cancelled, ExitCode } from './cli/errors';
import { historyFile, Repl } from './cli/repl';
import { CommandRunner } from './cli/runner';
import { Terminal } from './cli/terminal';
import { terminalQuestion } from './cli/terminal-question';
import { consoleCommands } from './commands/commands';
import { LiveData } from './platform/live-data';
import { describeLocation } from './platform/platform-location';
import { Platform } from './platform/platform';

/**
 * `proxmox-mpc`: with no arguments the REPL, otherwise one command and its exit code
 * (0 ok, 1 failed or unhealthy, 2 bad usage) — the same commands either way.
 */
async function main(argv: readonly string[]): Promise<number> {
  const terminal = new Terminal(process.stdout, process.stderr, process.env);
  let platform: Platform;
  try {
    platform = Platform.fromEnvironment(process.env);
  } catch (error) {
    terminal.error(`error: ${(error as Error).message}`);
    return ExitCode.usage;
  }
  const commands = consoleCommands();
  try {
    if (argv.length > 0) {
      const runner = new CommandRunner(commands, {
        platform,
        terminal,
        interactive: Boolean(process.stdin.isTTY),
        ask: terminalQuestion(process.stdin, process.stdout),
      });
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort(new Cancelled()));
      return await runner.run(argv, stop.signal);
    }
    const repl = new Repl(process.stdin, terminal, new LiveData(platform), historyFile(process.env));
    const runner = new CommandRunner(commands, {
      platform,
      terminal,
      interactive: true,
      ask: repl.ask,
      ...(terminal.rows === undefined ? {} : { page: repl.page }),
    });
    await repl.start(runner, greeting(platform, terminal));
    return ExitCode.ok;
  } finally {
    await platform.close();
  }
}

function greeting(platform: Platform, terminal: Terminal): string[] {
  let where: string;
  try {
    where = describeLocation(platform.location());
  } catch (error) {
    where = terminal.colours.yellow((error as Error).message);
  }
  return [
    `${terminal.colours.bold('Proxmox-MPC console')} ${PLATFORM_VERSION} — ${platform.operator.id}`,
    `platform: ${where}`,
    'Type /help for the commands, Tab to complete, Ctrl-D to leave.',
  ];
}

main(process.argv.slice(2)).then(
  (code) => {
    // Everything written reaches the pipe or terminal before the process ends.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`proxmox-mpc: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(ExitCode.failed);
  },
);
