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

export interface StreamSettings {
  commandRetentionMs: number;
  commandMaxBytes: number;
  eventRetentionMs: number;
  eventMaxBytes: number;
  logRetentionMs: number;
  logMaxBytes: number;
  /** Servers holding a copy of each stream: 1 on a single server, 3 (or 5) on a cluster. */
  replicas: number;
}

export const defaultStreamSettings: StreamSettings = {
  commandRetentionMs: BusDefaults.commandRetentionMs,
  commandMaxBytes: BusDefaults.commandMaxBytes,
  eventRetentionMs: BusDefaults.eventRetentionMs,
  eventMaxBytes: BusDefaults.eventMaxBytes,
  logRetentionMs: BusDefaults.logRetentionMs,
  logMaxBytes: BusDefaults.logMaxBytes,
  replicas: BusDefaults.streamReplicas,
};

// Limits retention, not interest or work-queue: with interest retention a command
// published before its service's consumer exists is dropped once audit acks it.
type StreamConfigFor = Partial<StreamConfig> & { name: string; subjects: string[]; num_replicas: number };

function streamConfigs(settings: StreamSettings): StreamConfigFor[] {
  const common = {
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(BusDefaults.duplicateWindowMs),
    num_replicas: settings.replicas,
  };
  return [
    {
      ...common,
      name: Streams.commands.name,
      subjects: [...Streams.commands.subjects],
      max_age: nanos(settings.commandRetentionMs),
      max_bytes: settings.commandMaxBytes,
    },
    {
      ...common,
      name: Streams.events.name,
      subjects: [...Streams.events.subjects],
      max_age: nanos(settings.eventRetentionMs),
      max_bytes: settings.eventMaxBytes,
    },
    {
      ...common,
      name: Streams.logs.name,
      subjects: [...Streams.logs.subjects],
      max_age: nanos(settings.logRetentionMs),
      max_bytes: settings.logMaxBytes,
      max_msg_size: BusDefaults.logMaxRecordBytes,
    },
  ];
}

function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === 10059;
}

/** JetStream's refusal names neither the stream nor the setting: a start-up failure should. */
function describeFailure(config: StreamConfigFor, error: unknown): Error {
  return new Error(
    `stream ${config.name} with ${config.num_replicas} replicas: ${(error as Error).message}` +
      (config.num_replicas > 1
        ? ' (BUS_STREAM_REPLICAS above 1 needs a NATS cluster at least that large)'
        : ''),
    { cause: error },
  );
}

/**
 * Creates CMD, EVT and LOG, or brings their limits and replica count up to date (JetStream
 * moves a stream to more or fewer servers in place). Safe to run from every replica at
 * start-up: a replica that loses the race to create simply updates.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  settings: StreamSettings = defaultStreamSettings,
): Promise<void> {
  for (const config of streamConfigs(settings)) {
    let current: StreamConfig;
    try {
      current = (await jsm.streams.info(config.name)).config;
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
      } catch (addError) {
        // Another replica created it between our info and add.
        await jsm.streams.info(config.name).catch(() => {
          throw describeFailure(config, addError);
        });
      }
      continue;
    }
    if (
      current.max_age !== config.max_age ||
      current.max_bytes !== config.max_bytes ||
      (config.max_msg_size !== undefined && current.max_msg_size !== config.max_msg_size) ||
      current.duplicate_window !== config.duplicate_window ||
      current.num_replicas !== config.num_replicas ||
      current.subjects.join() !== config.subjects.join()
    ) {
      await jsm.streams.update(config.name, { ...current, ...config }).catch((error: unknown) => {
        throw describeFailure(config, error);
      });
    }
  }
}
