import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/transport-node';

/** OpenTelemetry carrier adapters for NATS headers (there is no NATS instrumentation on npm). */
export const natsHeaderSetter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

export const natsHeaderGetter: TextMapGetter<MsgHdrs | undefined> = {
  get: (carrier, key) => carrier?.get(key) || undefined,
  keys: (carrier) => (carrier ? carrier.keys() : []),
};

/** A header's value, or undefined when it is absent or empty (NATS returns '' for absent). */
export function headerValue(headers: MsgHdrs | undefined, name: string): string | undefined {
  return headers?.get(name) || undefined;
}

export function headersToRecord(headers: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const key of headers?.keys() ?? []) record[key] = headers?.get(key) ?? '';
  return record;
}
