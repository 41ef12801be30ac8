import { startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { Client } from 'pg';
import { cpuSecondsBetween, readCpu, type CpuReading } from './scenario-cpu';

describe('scenario CPU accounting', () => {
  let infrastructure: TestInfrastructure;

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
  });

  afterAll(async () => {
    await infrastructure?.stop();
  });

  it("should charge a service with its own process and its PostgreSQL backends' CPU", async () => {
    const bench = new Client({ connectionString: infrastructure.databaseUrl });
    const service = new Client({ connectionString: infrastructure.databaseUrl, application_name: 'widgets' });
    await Promise.all([bench.connect(), service.connect()]);
    try {
      const watched = new Map([['widgets', process.pid]]);
      const before = await readCpu(watched, bench);
      await service.query(`SELECT count(*) FROM generate_series(1, 3000000)`);
      const after = await readCpu(watched, bench);

      const [spent] = cpuSecondsBetween(before, after);

      expect(spent?.label).toBe('widgets');
      expect(spent?.postgresSeconds).toBeGreaterThan(0);
      expect([...after.backends.values()].map((backend) => backend.client)).toContain('widgets');
    } finally {
      await Promise.all([bench.end(), service.end()]);
    }
  });

  it('should count a backend that started in between from nothing, and leave out one that ended', () => {
    const before: CpuReading = {
      processes: new Map([['rag', 1_000]]),
      backends: new Map([
        [11, { client: 'rag', ms: 400 }],
        [12, { client: 'rag', ms: 300 }],
      ]),
    };
    const after: CpuReading = {
      processes: new Map([['rag', 3_500]]),
      backends: new Map([
        [11, { client: 'rag', ms: 900 }],
        [13, { client: 'rag', ms: 250 }],
      ]),
    };

    expect(cpuSecondsBetween(before, after)).toEqual([{ label: 'rag', seconds: 2.5, postgresSeconds: 0.75 }]);
    expect(cpuSecondsBetween(undefined, after)).toEqual([
      { label: 'rag', seconds: 3.5, postgresSeconds: 1.15 },
    ]);
  });

  it('should count a process the earlier reading does not name from its start', () => {
    const before: CpuReading = { processes: new Map([['bench client', 40_000]]), backends: new Map() };
    const after: CpuReading = {
      processes: new Map([
        ['bench client', 43_000],
        ['rag', 2_000],
      ]),
      backends: new Map(),
    };

    expect(cpuSecondsBetween(before, after)).toEqual([
      { label: 'bench client', seconds: 3, postgresSeconds: 0 },
      { label: 'rag', seconds: 2, postgresSeconds: 0 },
    ]);
  });
});
