import { Subjects } from '@proxmox-mpc/contracts';
import { metricsRegistry, startServiceMetrics } from './metrics';

describe(startServiceMetrics.name, () => {
  let page: string;

  beforeAll(async () => {
    // Two services in one process, as the in-process tests run them.
    startServiceMetrics({ service: 'audit', version: '9.9.9' });
    startServiceMetrics({ service: 'rag', version: '9.9.9' });
    page = await metricsRegistry.metrics();
  });

  it('should serve process metrics under the names stock Node.js dashboards query', () => {
    for (const type of [
      'process_cpu_seconds_total counter',
      'process_resident_memory_bytes gauge',
      'nodejs_eventloop_lag_seconds gauge',
      'nodejs_heap_size_used_bytes gauge',
      'nodejs_gc_duration_seconds histogram',
    ]) {
      expect(page).toContain(`# TYPE ${type}\n`);
    }
    expect(page).not.toMatch(/^# TYPE mpc_(process|nodejs)_/m);
  });

  it("should leave out prom-client's gauges named like counters, keeping their per-type twins", () => {
    expect(page).not.toMatch(/^# TYPE nodejs_active_\w+_total /m);
    expect(page).toContain('# TYPE nodejs_active_handles gauge\n');
  });

  it('should name each service in mpc_build_info', () => {
    expect(page).toContain('mpc_build_info{component="audit",version="9.9.9"} 1\n');
    expect(page).toContain('mpc_build_info{component="rag",version="9.9.9"} 1\n');
  });

  it('should start the failure counters the alerts watch at 0', () => {
    for (const subject of [Subjects.busMessageFailed, Subjects.proxmoxOperationFailed, Subjects.iacFailed]) {
      expect(page).toContain(`mpc_messages_published_total{subject="${subject}",outcome="ok"} 0\n`);
    }
  });

  it('should end counter names in _total and no other, and describe every metric', () => {
    const types = [...page.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    expect(types.length).toBeGreaterThan(20);
    const misnamed = types
      .filter(({ name, type }) => (type === 'counter') !== name?.endsWith('_total'))
      .map(({ name, type }) => `${name} (${type})`);
    expect(misnamed).toEqual([]);
    const described = new Set([...page.matchAll(/^# HELP (\S+) \S/gm)].map(([, name]) => name));
    expect(types.filter(({ name }) => !described.has(name)).map(({ name }) => name)).toEqual([]);
  });
});
