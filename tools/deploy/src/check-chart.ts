import { chartValueSets, lintChart, renderChart } from './chart';
import { helmBinary } from './helm';

/**
 * CI's chart step: `helm lint --strict` and `helm template` of infra/helm/proxmox-mpc with
 * the default values and with each ci/*-values.yaml, printing what helm says.
 * exit: 0 all passed, 1 one failed.
 */
function main(): number {
  const helm = helmBinary();
  let failed = 0;
  for (const set of chartValueSets()) {
    for (const [step, run] of [
      ['helm lint --strict', lintChart(set, helm)],
      ['helm template', renderChart(set, helm)],
    ] as const) {
      const ok = run.status === 0;
      if (!ok) failed += 1;
      process.stdout.write(`${ok ? 'ok' : 'FAILED'}: ${step} with ${set.name}\n`);
      // Lint's findings are worth reading either way; a rendered manifest only when it failed.
      if (step === 'helm lint --strict' || !ok) process.stdout.write(`${run.stdout}${run.stderr}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

try {
  process.exit(main());
} catch (error) {
  process.stderr.write(`check-chart: ${(error as Error).message}\n`);
  process.exit(1);
}
