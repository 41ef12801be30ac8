import { userInfo } from 'node:os';
import { MessageBus } from '@proxmox-mpc/bus';
import type { Actor } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { CommandFailed } from '../cli/errors';
import { describeLocation, locatePlatform, type PlatformLocation } from './platform-location';

/** The envelope `source` of everything the console sends. */
export const CONSOLE_SOURCE = 'console';

/**
 * The operator behind the console: `operator:<MPC_OPERATOR>`, or the login name. This is
 * the actor of every command it sends (approvals decided, tokens created, clusters
 * connected), so the audit log names the person; the console's NATS user is the
 * credential that lets it send them at all.
 */
export function operatorOf(env: NodeJS.ProcessEnv): Actor {
  const name = env.MPC_OPERATOR ?? userInfo().username;
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(name)) {
    throw new Error(`MPC_OPERATOR: expected a name of letters, digits and . _ @ -, got "${name}"`);
  }
  return { kind: 'operator', id: `operator:${name}` };
}

/**
 * The console's connection to the platform: found once, connected on first use (so
 * /help works without a platform), as a bus client that creates no streams and reads
 * no service's tables.
 */
export class Platform {
  private connecting: Promise<MessageBus> | undefined;

  constructor(
    readonly location: () => PlatformLocation,
    readonly operator: Actor,
  ) {}

  static fromEnvironment(env: NodeJS.ProcessEnv): Platform {
    let found: PlatformLocation | undefined;
    return new Platform(() => (found ??= locatePlatform(env)), operatorOf(env));
  }

  bus(): Promise<MessageBus> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    const bus = await this.connecting?.catch(() => undefined);
    await bus?.close();
  }

  private async connect(): Promise<MessageBus> {
    let location: PlatformLocation;
    try {
      location = this.location();
    } catch (error) {
      throw new CommandFailed((error as Error).message);
    }
    try {
      return await MessageBus.connect(
        { service: CONSOLE_SOURCE, natsUrl: location.natsUrl, publishOnly: true },
        createLogger({ service: CONSOLE_SOURCE, level: 'silent' }),
      );
    } catch (error) {
      throw new CommandFailed(
        `cannot reach the platform's NATS at ${describeLocation(location)}: ${(error as Error).message}; ` +
          'is the platform running (npm start), and are NATS_URL and its credentials right?',
      );
    }
  }
}
