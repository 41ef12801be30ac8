import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import type { BenchPlatform } from './bench-platform';
import { peakRssMiB } from './peak-memory';

export interface ImportFigures {
  guests: number;
  files: number;
  bytes: number;
  importSeconds: number;
  reimportSeconds: number;
  testedSeconds: number;
  testStatus: string;
  generatorPeakRssMiB: number | undefined;
  testRunnerPeakRssMiB: number | undefined;
}

/**
 * Import of a whole cluster into a new workspace (inventory export, Terraform and
 * Ansible generation, git commit), the byte-identical re-import, and the time until
 * test-runner's verdict on the first import.
 */
export async function benchImport(bench: BenchPlatform): Promise<ImportFigures> {
  const bus = await MessageBus.connect(
    { service: 'bench-iac', natsUrl: bench.infrastructure.natsUrl },
    createLogger({ service: 'bench-iac', level: 'silent' }),
  );
  try {
    const origin: Origin = { correlationId: 'bench-iac-import', actor: { kind: 'operator', id: 'bench' } };
    const options = { timeoutMs: 900_000 };
    await bus.execute(Subjects.iacWorkspaceInit, { workspace: 'large' }, origin, options);
    // Registered first: test-runner starts on the import's evt.iac.generated.
    const { event: verdict } = await bus.expectEvent(
      Subjects.testCompleted,
      (event) => event.correlationId === origin.correlationId && event.data.trigger === 'generated',
      900_000,
    );
    const started = performance.now();
    const outcome = await bus.execute(Subjects.iacImport, { workspace: 'large' }, origin, options);
    const importSeconds = (performance.now() - started) / 1000;
    if (outcome.subject !== Subjects.iacGenerated) {
      throw new Error(`import failed: ${JSON.stringify(outcome.envelope.data)}`);
    }
    const generated = outcome.envelope.data as DataOf<typeof Subjects.iacGenerated>;
    const tested = await verdict;
    const testedSeconds = (performance.now() - started) / 1000;
    const again = performance.now();
    await bus.execute(Subjects.iacImport, { workspace: 'large' }, origin, options);
    return {
      guests: generated.guests,
      files: generated.files.length,
      bytes: generated.files.reduce((sum, file) => sum + file.bytes, 0),
      importSeconds,
      reimportSeconds: (performance.now() - again) / 1000,
      testedSeconds,
      testStatus: tested.data.status,
      generatorPeakRssMiB: peakRssMiB(bench.platform.processes.get('iac-generator')?.pid),
      testRunnerPeakRssMiB: peakRssMiB(bench.platform.processes.get('test-runner')?.pid),
    };
  } finally {
    await bus.close();
  }
}
