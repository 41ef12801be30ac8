import type { ParameterSpec } from '../../routes/route';
import type { GuestConfig, GuestType } from '../../state/guest';
import { CONFIG_PARAMETERS } from './guest-config-keys';

type ConfigView = Record<string, string | number>;

// Keys PVE writes itself that the simulator's parameter declarations do not cover.
const INTEGER_KEYS = new Set(['snaptime']);

/**
 * A config as GET …/config returns it: PVE's parse_vm_config/parse_pct_config run
 * check_type over every value, so integers, numbers and booleans (0/1) arrive as JSON
 * numbers and the rest as strings. The cloud-init password is never shown.
 */
export function configView(type: GuestType, config: GuestConfig, digest: string): ConfigView {
  const view: ConfigView = {};
  for (const [key, value] of Object.entries(config)) {
    view[key] = key === 'cipassword' ? '**********' : typedValue(type, key, value);
  }
  view['digest'] = digest;
  return view;
}

function typedValue(type: GuestType, key: string, value: string): string | number {
  const spec = specOf(type, key);
  const numeric = spec?.type === 'integer' || spec?.type === 'number' || spec?.type === 'boolean';
  return (numeric || INTEGER_KEYS.has(key)) && value.trim() !== '' && !Number.isNaN(Number(value))
    ? Number(value)
    : value;
}

function specOf(type: GuestType, key: string): ParameterSpec | undefined {
  const parameters = CONFIG_PARAMETERS[type];
  if (Object.hasOwn(parameters, key)) return parameters[key];
  const indexed = /^(.*?)\d+$/.exec(key);
  return indexed ? parameters[`${indexed[1]}[n]`] : undefined;
}
