import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { IntervalSchedule } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { LoadConnectedTargetsUseCase } from './load-connected-targets.use-case';

// How soon a cluster connected through another replica is managed here too.
const RELOAD_MS = 15_000;

/**
 * Loads the clusters connected at run time before the application starts (so the first
 * sync passes include them), then every RELOAD_MS for those another replica connected.
 */
@Injectable()
export class ConnectedTargetsSchedule extends IntervalSchedule implements OnModuleInit {
  constructor(
    private readonly loadTargets: LoadConnectedTargetsUseCase,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(RELOAD_MS, 'load the clusters connected at run time', logger);
  }

  async onModuleInit(): Promise<void> {
    await this.tick();
  }

  protected async tick(): Promise<void> {
    const added = await this.loadTargets.execute();
    if (added.length > 0) this.logger.info({ targets: added }, 'managing clusters connected at run time');
  }
}
