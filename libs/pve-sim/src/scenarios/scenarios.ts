import type { ClusterInventory } from '../state/simulator-state';
import { homelabInventory } from './homelab';
import { largeInventory } from './large';

/** Seeded clusters by name; each builds the same inventory on every start. */
export const SCENARIOS = {
  homelab: homelabInventory,
  large: largeInventory,
} as const satisfies Record<string, (nowMs: number) => ClusterInventory>;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}
