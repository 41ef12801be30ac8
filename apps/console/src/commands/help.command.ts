import { flagsOf } from '../cli/arguments';
import { UsageError } from '../cli/errors';
import { renderTable } from '../cli/table';
import { didYouMean } from '../cli/suggest';
import { done, type CommandDefinition } from './command';

/** How a command is written: `/guest <guest> [--target <name>]`. */
export function usageOf(command: CommandDefinition): string {
  const positionals = (command.arguments ?? []).map((argument) =>
    argument.required ? `<${argument.name}>` : `[<${argument.name}>]`,
  );
  const flags = Object.entries(command.flags ?? {}).map(([name, flag]) =>
    flag.kind === 'boolean' ? `[--${name}]` : `[--${name} <${flag.value ?? 'value'}>]`,
  );
  return [`/${command.name}`, ...positionals, ...flags].join(' ');
}

/** Everything /help says about one command. */
export function helpOf(command: CommandDefinition): string[] {
  const options = Object.entries(flagsOf(command)).map(([name, flag]) => [
    `  --${name}${flag.kind === 'string' ? ` <${flag.value ?? 'value'}>` : ''}`,
    flag.description,
  ]);
  const argumentsTable = (command.arguments ?? []).map((argument) => [
    `  <${argument.name}>`,
    argument.description,
  ]);
  return [
    usageOf(command),
    `  ${command.summary}`,
    ...(command.aliases?.length ? [`  also: ${command.aliases.map((alias) => `/${alias}`).join(', ')}`] : []),
    '',
    ...renderTable(
      [{ header: '' }, { header: '' }],
      [...argumentsTable, ...options],
      Number.POSITIVE_INFINITY,
    ).slice(1),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    ...(command.notes?.length ? ['', ...command.notes] : []),
  ];
}

/** `/help` and `/help <command>`: every command with an example, or one in full. */
export function helpCommand(commands: () => readonly CommandDefinition[]): CommandDefinition {
  return {
    name: 'help',
    aliases: ['?'],
    summary: 'List the commands, or explain one with its flags and examples.',
    arguments: [
      {
        name: 'command',
        description: 'the command to explain',
        complete: () => commands().map((command) => command.name),
      },
    ],
    examples: ['/help', '/help approvals'],
    async run(context, args) {
      const [wanted] = args.positionals;
      const all = commands();
      if (wanted) {
        const name = wanted.replace(/^\//, '');
        const command = all.find((candidate) => candidate.name === name || candidate.aliases?.includes(name));
        if (!command) {
          throw new UsageError(
            `no command /${name}${didYouMean(
              name,
              all.map((each) => each.name),
              '/',
            )}`,
          );
        }
        return done(
          { command: command.name, usage: usageOf(command), summary: command.summary },
          helpOf(command),
        );
      }
      const rows = all.map((command) => [`/${command.name}`, command.summary, command.examples[0]]);
      return done(
        all.map((command) => ({
          command: command.name,
          summary: command.summary,
          example: command.examples[0],
        })),
        [
          ...renderTable(
            [
              { header: 'COMMAND' },
              { header: 'WHAT IT DOES', shrink: true },
              { header: 'EXAMPLE', shrink: true },
            ],
            rows,
            context.terminal.width,
          ),
          '',
          'Commands work with or without the leading /, in the REPL and as `proxmox-mpc <command>`.',
          'Every command takes --json; /help <command> shows its flags. Tab completes commands, flags,',
          'guests, workspaces and approval ids; Ctrl-C stops the running command; Ctrl-D or /exit leaves.',
        ],
      );
    },
  };
}
