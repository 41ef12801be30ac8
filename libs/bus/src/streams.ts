import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { BusDefaults, Streams } from './names';

export interface StreamLimits {
  commandRetentionMs: number;
  commandMaxBytes: number;
  eventRetentionMs: number;
  eventMaxBytes: number;
}

export const defaultStreamLimits: StreamLimits = {
  commandRetentionMs: BusDefaults.commandRetentionMs,
  commandMaxBytes: BusDefaults.commandMaxBytes,
  eventRetentionMs: BusDefaults.eventRetentionMs,
  eventMaxBytes: BusDefaults.eventMaxBytes,
};

// Limits retention, not interest or work-queue: with interest retention a command
// published before its service's consumer exists is dropped once audit acks it.
function streamConfigs(
  limits: StreamLimits,
): Array<Partial<StreamConfig> & { name: string; subjects: string[] }> {
  const common = {
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(BusDefaults.duplicateWindowMs),
    num_replicas: 1,
  };
  return [
    {
      ...common,
      name: Streams.commands.name,
      subjects: [...Streams.commands.subjects],
      max_age: nanos(limits.commandRetentionMs),
      max_bytes: limits.commandMaxBytes,
    },
    {
      ...common,
      name: Streams.events.name,
      subjects: [...Streams.events.subjects],
      max_age: nanos(limits.eventRetentionMs),
      max_bytes: limits.eventMaxBytes,
    },
  ];
}

function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === 10059;
}

/**
 * Creates CMD and EVT, or brings their limits up to date. Safe to run from every replica
 * at start-up: a replica that loses the race to create simply updates.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  limits: StreamLimits = defaultStreamLimits,
): Promise<void> {
  for (const config of streamConfigs(limits)) {
    try {
      const info = await jsm.streams.info(config.name);
      const current = info.config;
      if (
        current.max_age !== config.max_age ||
        current.max_bytes !== config.max_bytes ||
        current.duplicate_window !== config.duplicate_window ||
        current.subjects.join() !== config.subjects.join()
      ) {
        await jsm.streams.update(config.name, { ...current, ...config });
      }
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
      } catch (addError) {
        // Another replica created it between our info and add.
        await jsm.streams.info(config.name).catch(() => {
          throw addError;
        });
      }
    }
  }
}
