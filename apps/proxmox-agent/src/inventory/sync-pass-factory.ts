import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Origin } from '@proxmox-mpc/contracts';
import { Clock } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { TargetRegistry } from '../targets/target-registry';
import { InventoryRecorder } from './inventory-recorder';
import { DEFAULT_INVENTORY_SETTINGS, INVENTORY_SETTINGS, type InventorySettings } from './inventory-settings';
import { StoredSummaries } from './stored-summaries';
import { SyncPass, type SyncPassContext } from './sync-pass';
import { SyncStateStore } from './sync-state.store';
import { SyncedGuestStore } from './synced-guest.store';

/** Makes the SyncPass of one run over a target: a sync, or the refresh of one guest. */
@Injectable()
export class SyncPassFactory {
  private readonly settings: InventorySettings;

  constructor(
    private readonly targets: TargetRegistry,
    private readonly guests: SyncedGuestStore,
    private readonly summaries: StoredSummaries,
    private readonly states: SyncStateStore,
    private readonly recorder: InventoryRecorder,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(INVENTORY_SETTINGS) settings?: Partial<InventorySettings>,
  ) {
    this.settings = { ...DEFAULT_INVENTORY_SETTINGS, ...settings };
  }

  create(
    target: string,
    origin: Origin,
    signal?: AbortSignal,
    onProgress?: SyncPassContext['onProgress'],
  ): SyncPass {
    return new SyncPass({
      target,
      api: this.targets.resolve(target).client,
      guests: this.guests,
      summaries: this.summaries,
      states: this.states,
      recorder: this.recorder,
      clock: this.clock,
      settings: this.settings,
      origin,
      logger: this.logger,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  }
}
