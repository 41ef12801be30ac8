import { createLogger } from './logger';
import { LogShipper } from './log-shipper';
import { metricsRegistry } from './metrics';

const dropped = async () =>
  (await metricsRegistry.getSingleMetric('mpc_log_records_dropped_total')?.get())?.values[0]?.value ?? 0;

describe(LogShipper.name, () => {
  const silentStdout = { write: () => undefined };

  it('should hold records logged before the bus is there, then ship them in order with their level', () => {
    const shipper = new LogShipper();
    const logger = createLogger({ service: 'spec', level: 'info', destination: silentStdout, shipper });
    logger.info('starting');
    logger.warn({ password: 'pNeverShipped' }, 'careful');
    const shipped: Array<[string, string]> = [];

    shipper.attach((level, line) => shipped.push([level, line]));
    logger.debug('below the level');
    logger.error('after attach');

    expect(shipped.map(([level, line]) => [level, JSON.parse(line).msg])).toEqual([
      ['info', 'starting'],
      ['warn', 'careful'],
      ['error', 'after attach'],
    ]);
    expect(shipped.map(([, line]) => line).join()).not.toContain('pNeverShipped');
  });

  it('should count and drop what it cannot hand over, never throwing at the caller', async () => {
    const shipper = new LogShipper();
    const logger = createLogger({ service: 'spec', level: 'info', destination: silentStdout, shipper });
    shipper.attach(() => {
      throw new Error('connection closed');
    });
    const before = await dropped();

    expect(() => logger.error('lost on the way')).not.toThrow();
    expect(await dropped()).toBe(before + 1);
  });
});
