import type { StreamSettings } from '../streams';

export const BUS_OPTIONS = Symbol('BUS_OPTIONS');

export interface BusModuleOptions {
  service: string;
  natsUrl: string;
  streams?: StreamSettings;
  commandMaxAgeMs?: number;
  concurrency?: number;
  /** First redelivery delay; tests shorten it. */
  retryDelayMs?: number;
}
