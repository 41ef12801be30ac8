import { openAgentDatabase, type AgentDatabase } from '../__tests__/agent-database';
import { InMemoryOperationJournalStore } from './in-memory-operation-journal.store';
import type { OperationJournalStore } from './operation-journal.store';
import { PostgresOperationJournalStore } from './postgres-operation-journal.store';

const first = new Date('2026-11-21T10:00:00Z');
const later = new Date('2026-11-21T10:00:30Z');

let database: AgentDatabase | undefined;
const implementations: Array<{
  name: string;
  open(): Promise<OperationJournalStore>;
  close?(): Promise<void>;
}> = [
  {
    name: PostgresOperationJournalStore.name,
    async open() {
      database ??= await openAgentDatabase();
      await database.clear();
      return new PostgresOperationJournalStore(database.dataSource);
    },
    close: async () => database?.close(),
  },
  { name: InMemoryOperationJournalStore.name, open: async () => new InMemoryOperationJournalStore() },
];

describe.each(implementations)('$name', (implementation) => {
  let sut: OperationJournalStore;

  beforeEach(async () => {
    sut = await implementation.open();
  });

  afterAll(async () => {
    await implementation.close?.();
  });

  it('should open a new command with nothing kept yet', async () => {
    expect(await sut.open('command-1', 'create', 'lab', first)).toEqual(
      expect.objectContaining({
        commandId: 'command-1',
        operation: 'create',
        target: 'lab',
        values: {},
        steps: [],
        createdAt: first,
        updatedAt: first,
      }),
    );
  });

  it('should give a redelivered command the values and steps its first delivery saved', async () => {
    const entry = await sut.open('command-1', 'create', 'lab', first);
    entry.values['vmid'] = 142;
    entry.steps.push({
      name: 'create',
      state: 'started',
      upid: 'UPID:pve1:1',
      startedAt: first.toISOString(),
    });
    await sut.save(entry, first);

    const again = await sut.open('command-1', 'create', 'lab', later);

    expect(again).toMatchObject({
      values: { vmid: 142 },
      steps: entry.steps,
      createdAt: first,
      updatedAt: later,
    });
  });

  it('should purge the entries last written before a time, and keep the others', async () => {
    const old = await sut.open('command-1', 'create', 'lab', first);
    old.values['vmid'] = 142;
    await sut.save(old, first);
    const recent = await sut.open('command-2', 'create', 'lab', later);
    recent.values['vmid'] = 143;
    await sut.save(recent, later);

    expect(await sut.purgeBefore(later)).toBe(1);

    expect((await sut.open('command-1', 'create', 'lab', later)).values).toEqual({});
    expect((await sut.open('command-2', 'create', 'lab', later)).values).toEqual({ vmid: 143 });
  });
});
