import { randomUUID } from 'node:crypto';
import {
  ContractViolation,
  EnvelopeSchema,
  messageContractFor,
  queryContractFor,
  toValidationIssues,
  type Envelope,
  type Origin,
  type ValidationIssue,
} from '@proxmox-mpc/contracts';
import type { z } from 'zod';

export type Decoded<D = unknown> =
  | { ok: true; envelope: Envelope<D> }
  | { ok: false; issues: ValidationIssue[]; envelope?: Partial<Envelope> };

/** Builds an envelope and validates it, so nothing malformed ever leaves a service. */
export function buildEnvelope<D>(
  subject: string,
  type: string,
  schema: z.ZodType,
  data: D,
  origin: Origin,
  source: string,
  id: string = randomUUID(),
): Envelope<D> {
  const candidate = {
    id,
    type,
    source,
    time: new Date().toISOString(),
    correlationId: origin.correlationId,
    ...(origin.causationId === undefined ? {} : { causationId: origin.causationId }),
    actor: origin.actor,
    ...(origin.target === undefined ? {} : { target: origin.target }),
    data,
  };
  const envelope = EnvelopeSchema.safeParse(candidate);
  if (!envelope.success) throw new ContractViolation(subject, toValidationIssues(envelope.error));
  const parsedData = schema.safeParse(data);
  if (!parsedData.success) throw new ContractViolation(subject, toValidationIssues(parsedData.error, 'data'));
  return { ...envelope.data, data: parsedData.data as D };
}

const utf8 = new TextDecoder();

function parseJson(
  bytes: Uint8Array,
): { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] } {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(bytes)) };
  } catch (error) {
    return { ok: false, issues: [{ path: '(root)', message: `not JSON: ${(error as Error).message}` }] };
  }
}

function decodeWith(bytes: Uint8Array, schema: z.ZodType | undefined, subject: string): Decoded {
  const json = parseJson(bytes);
  if (!json.ok) return json;
  const envelope = EnvelopeSchema.safeParse(json.value);
  if (!envelope.success) {
    const partial =
      typeof json.value === 'object' && json.value !== null ? (json.value as Partial<Envelope>) : undefined;
    return {
      ok: false,
      issues: toValidationIssues(envelope.error),
      ...(partial ? { envelope: partial } : {}),
    };
  }
  if (!schema) {
    return {
      ok: false,
      issues: [{ path: '(subject)', message: `no contract is registered for ${subject}` }],
      envelope: envelope.data,
    };
  }
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) {
    return { ok: false, issues: toValidationIssues(data.error, 'data'), envelope: envelope.data };
  }
  return { ok: true, envelope: { ...envelope.data, data: data.data } };
}

/** Parses a command or event and validates its data against the subject's contract. */
export function decodeMessage(subject: string, bytes: Uint8Array): Decoded {
  return decodeWith(bytes, messageContractFor(subject)?.data, subject);
}

/** Parses a query request and validates it against the subject's request schema. */
export function decodeQuery(subject: string, bytes: Uint8Array): Decoded {
  return decodeWith(bytes, queryContractFor(subject)?.request, subject);
}
