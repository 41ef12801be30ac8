import { DEFAULT_SIM_TOKEN, PveSimulator, type PveSimulatorOptions } from '@proxmox-mpc/pve-sim';
import { createLogger, type Logger } from '@proxmox-mpc/telemetry';
import { TargetSettingsSchema } from '../targets/target-config';
import { TargetRegistry } from '../targets/target-registry';

export const testLogger: Logger = createLogger({
  service: 'proxmox-agent',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});

/**
 * The homelab simulator on a free port, with quick tasks, and the agent's targets
 * pointed at it: the one stand-in for Proxmox in unit tests.
 */
export class SimulatedCluster {
  private constructor(
    readonly simulator: PveSimulator,
    readonly targets: TargetRegistry,
  ) {}

  /** `names` are targets that all reach this one cluster. */
  static async start(
    options: PveSimulatorOptions = {},
    names: readonly string[] = ['homelab'],
  ): Promise<SimulatedCluster> {
    const simulator = new PveSimulator({
      scenario: 'homelab',
      taskDurationMs: 10,
      guestAgentDelayMs: 0,
      ...options,
    });
    await simulator.start(0, '127.0.0.1');
    const auth = { tokenId: DEFAULT_SIM_TOKEN.tokenId, tokenSecret: DEFAULT_SIM_TOKEN.secret };
    const targets = new TargetRegistry(
      names.map((name) => TargetSettingsSchema.parse({ name, url: simulator.url, auth })),
      testLogger,
    );
    return new SimulatedCluster(simulator, targets);
  }

  /** The simulator's guest `vmid`; throws when the scenario has none. */
  guest(vmid: number) {
    const guest = this.simulator.state.guest(vmid);
    if (!guest) throw new Error(`the scenario has no guest ${vmid}`);
    return guest;
  }

  /** VMIDs of the simulator's guests, ascending. */
  vmids(predicate: (guest: ReturnType<SimulatedCluster['guest']>) => boolean = () => true): number[] {
    return this.simulator.state
      .guests()
      .filter(predicate)
      .map((guest) => guest.vmid)
      .sort((a, b) => a - b);
  }

  async stop(): Promise<void> {
    await this.targets.close();
    await this.simulator.stop();
  }
}
