import { randomUUID } from 'node:crypto';
import { openDataSource } from '@proxmox-mpc/persistence';
import { startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { BUS_MIGRATIONS } from './bus-tables.migration';
import { CommandInbox } from './inbox';

describe(CommandInbox.name, () => {
  let infrastructure: TestInfrastructure;
  let dataSource: DataSource;
  let sut: CommandInbox;

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    dataSource = await openDataSource({
      url: infrastructure.databaseUrl,
      schema: 'inbox_spec',
      migrations: BUS_MIGRATIONS,
    });
    sut = new CommandInbox(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await infrastructure?.stop();
  });

  it('should record a command once, and tell the second delivery that got there late', async () => {
    const id = randomUUID();
    const record = () =>
      dataSource.transaction((manager) => sut.markProcessed(manager, id, 'cmd.proxmox.guest.power'));

    expect(await sut.hasProcessed(id)).toBe(false);
    expect(await record()).toBe(true);
    expect(await record()).toBe(false);
    expect(await sut.hasProcessed(id)).toBe(true);
  });
});
