import { DRIFT_REPORT_TIMEOUT_MS, Subjects, type InventorySynced } from '@proxmox-mpc/contracts';
import { EventRecorder } from '@proxmox-mpc/testing';
import { launchChromium, signIn } from '@proxmox-mpc/testing/web-browser';
import { BenchPlatform } from './bench-platform';
import { benchImport } from './iac-import';
import { percentileSummary, type LatencySummary } from './load';

export interface PageLoad extends LatencySummary {
  page: string;
  /** The first load, which fills the caches (Drift parses the workspace's HCL once per revision). */
  firstMs: number;
  /** The HTML the server sent, in KiB. */
  sizeKiB: number;
}

const LOADS_PER_PAGE = 7;

/**
 * The web console's pages on the 10,000-guest scenario, in Debian's Chromium: each page
 * loaded once cold and LOADS_PER_PAGE times more, from navigation to the load event
 * (server rendering over the bus, transfer, parsing, the page's own script and style).
 * The cluster is imported into a workspace first, so Drift compares 10,000 guests.
 */
export async function benchWebConsole(log: (line: string) => void): Promise<PageLoad[]> {
  log('starting the platform with the large scenario (20 nodes, 10,000 guests)…');
  const bench = await BenchPlatform.start({ simulator: { scenario: 'large', taskDurationMs: 200 } });
  const events = await EventRecorder.start(bench.infrastructure.natsUrl, Subjects.proxmoxInventorySynced);
  const browser = await launchChromium();
  try {
    const full = await events.waitFor(
      (message) => (message.envelope.data as InventorySynced).mode === 'full',
      600_000,
    );
    const synced = full.envelope.data as InventorySynced;
    log(`synced ${synced.guests} guests; importing them into workspace large…`);
    await benchImport(bench);
    const guest = bench.platform.simulator?.state.guests()[5_000];
    if (!guest) throw new Error('the large scenario has fewer than 5,001 guests');
    const base = new URL(bench.platform.mcpUrl).origin;
    const pages = [
      '/ui',
      '/ui/approvals',
      '/ui/operations',
      '/ui/guests',
      '/ui/guests?page=50',
      '/ui/guests?status=stopped&name=web',
      `/ui/guests/${encodeURIComponent(synced.target)}/${guest.vmid}`,
      '/ui/drift?workspace=large',
      '/ui/audit',
      '/ui/tokens',
    ];
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    page.setDefaultNavigationTimeout(DRIFT_REPORT_TIMEOUT_MS);
    await signIn(page, base, bench.adminToken);
    const figures: PageLoad[] = [];
    for (const path of pages) {
      const url = `${base}${path}`;
      const cold = performance.now();
      await page.goto(url);
      const firstMs = performance.now() - cold;
      const times: number[] = [];
      let size = 0;
      for (let load = 0; load < LOADS_PER_PAGE; load += 1) {
        const started = performance.now();
        const response = await page.goto(url, { waitUntil: 'load' });
        times.push(performance.now() - started);
        if (!response?.ok()) {
          const alert = await page
            .getByRole('alert')
            .first()
            .textContent()
            .catch(() => '');
          throw new Error(`${path}: HTTP ${response?.status() ?? 'no response'}: ${alert?.trim()}`);
        }
        size = (await response.body()).length;
      }
      figures.push({ page: path, firstMs, sizeKiB: size / 1024, ...percentileSummary(times) });
    }
    return figures;
  } finally {
    await browser.close();
    await events.stop();
    await bench.stop();
  }
}
