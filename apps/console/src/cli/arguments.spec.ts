import type { CommandDefinition } from '../commands/command';
import { durationFlag, parseArguments, splitLine } from './arguments';
import { UsageError } from './errors';

const guest: CommandDefinition = {
  name: 'guest',
  summary: 'one guest',
  arguments: [{ name: 'guest', description: 'its name', required: true }],
  flags: { target: { kind: 'string', value: 'cluster', description: 'the cluster' } },
  examples: ['/guest web-01'],
  run: async () => ({ ok: true, data: {}, lines: [] }),
};

describe(parseArguments.name, () => {
  it('should take flags with spaces or =, booleans and positionals', () => {
    expect(parseArguments(guest, ['web-01', '--target', 'lab', '--json'])).toEqual({
      flags: { target: 'lab', json: true },
      positionals: ['web-01'],
    });
    expect(parseArguments(guest, ['--target=lab', 'web-01']).flags).toEqual({ target: 'lab' });
  });

  it('should refuse an unknown flag with the nearest one', () => {
    expect(() => parseArguments(guest, ['web-01', '--targt', 'lab'])).toThrow(
      new UsageError('unknown flag --targt for /guest; did you mean --target?'),
    );
  });

  it('should refuse a missing value, a missing argument and one too many', () => {
    expect(() => parseArguments(guest, ['web-01', '--target'])).toThrow('--target needs a value (cluster)');
    expect(() => parseArguments(guest, [])).toThrow('/guest needs <guest>: its name');
    expect(() => parseArguments(guest, ['a', 'b'])).toThrow('"b" is one too many');
  });

  it('should let --help through without the arguments', () => {
    expect(parseArguments(guest, ['--help']).flags.help).toBe(true);
  });
});

describe(splitLine.name, () => {
  it('should split like a shell: quotes keep spaces, backslashes escape', () => {
    expect(splitLine(`/deny 42 --reason "not now, it's Friday"  'a b'\\ c`)).toEqual([
      '/deny',
      '42',
      '--reason',
      "not now, it's Friday",
      'a b c',
    ]);
  });

  it('should refuse an unterminated quote', () => {
    expect(() => splitLine('/deny 42 --reason "oops')).toThrow('unterminated double quote');
  });
});

describe(durationFlag.name, () => {
  it('should read 90s, 15m, 12h and 7d, and refuse anything else naming the flag', () => {
    const args = (since: string) => ({ flags: { since }, positionals: [] });
    expect(durationFlag(args('15m'), 'since')).toBe(900_000);
    expect(durationFlag(args('7d'), 'since')).toBe(604_800_000);
    expect(() => durationFlag(args('soon'), 'since')).toThrow('--since: expected a duration');
  });
});
