import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';
import type { RequestCredentials } from '../auth/pve-auth';
import { errorFromResponse, errorFromTransport, timeoutError } from '../errors/classify-failure';
import { PveApiError } from '../errors/pve-api-error';
import { SPAN_ATTRIBUTES, TRACER_NAME } from '../telemetry/span-attributes';
import { type PathParams, fillPath } from './api-path';
import { backoffDelayMs } from './backoff';
import { type CircuitBreaker, countsAgainstTarget } from './circuit-breaker';
import type { ConcurrencyLimiter } from './concurrency-limiter';
import { delay } from './delay';

const API_ROOT = '/api2/json';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A request parameter; booleans go out as PVE's 1/0, a list as the name repeated (PVE's array parameters). */
export type ApiParamValue = string | number | boolean | readonly string[];

/** One HTTP attempt, as reported to `PveClientOptions.onRequest` (e.g. for metrics). */
export interface PveRequestObservation {
  method: ApiMethod;
  /** The API path template, e.g. "/nodes/{node}/qemu/{vmid}/status/current". */
  pathTemplate: string;
  /** The HTTP status, or 'error' when no response arrived. */
  status: number | 'error';
  durationMs: number;
}

export interface ApiCall {
  readonly method: ApiMethod;
  /** Path template below /api2/json, as the PVE schema writes it. */
  readonly template: string;
  /** Values for the template's `{name}` parameters, already checked. */
  readonly params?: PathParams;
  readonly query?: Readonly<Record<string, ApiParamValue | undefined>>;
  /** POST/PUT parameters, sent form-encoded as PVE's own clients send them; undefined values are left out. */
  readonly body?: Readonly<Record<string, ApiParamValue | undefined>>;
  /** Stops the call; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Sent without credentials (the login itself). */
  readonly anonymous?: boolean;
  /**
   * Resolve with PVE's whole answer (`{ data, total, … }`) rather than its `data`, for
   * methods that report attributes beside it, such as the syslog's `total`.
   */
  readonly withAttributes?: boolean;
}

export interface PveHttpOptions {
  readonly baseUrl: URL;
  /** Authentication headers per request; kept out of every span, error and message. */
  readonly credentials: RequestCredentials;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly limiter: ConcurrencyLimiter;
  readonly breaker?: CircuitBreaker;
  readonly onRequest?: (observation: PveRequestObservation) => void;
}

/**
 * One Proxmox VE API call over HTTP: authenticates (logging in or renewing a ticket
 * first, and once more after a 401 for a ticket PVE no longer accepts), asks the
 * circuit breaker, waits for a free slot under the concurrency cap, bounds each
 * attempt by the timeout, retries idempotent calls that failed transiently, and runs
 * every attempt in a CLIENT span.
 */
export class PveHttp {
  readonly #options: PveHttpOptions;
  readonly #tracer = trace.getTracer(TRACER_NAME);
  /** `https://host:8006`: requests go to the dispatcher as origin and path, with no URL to parse each time. */
  readonly #origin: string;
  /** The base URL's path and the API root, `/api2/json`. */
  readonly #root: string;

  constructor(options: PveHttpOptions) {
    this.#options = options;
    this.#origin = options.baseUrl.origin;
    this.#root = `${options.baseUrl.pathname.replace(/\/+$/, '')}${API_ROOT}`;
  }

  /** Resolves with the `data` of PVE's answer. */
  async call(call: ApiCall): Promise<unknown> {
    const path = fillPath(call.template, call.params ?? {});
    // Repeating a POST could start a second task; only reads are safe to repeat.
    const attempts = call.method === 'GET' ? this.#options.retries + 1 : 1;
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      const headers = call.anonymous
        ? {}
        : await this.#options.credentials.headersFor(call.method, call.signal);
      try {
        return await this.#guarded(call, path, attempt, headers);
      } catch (error: unknown) {
        // A request refused at authentication never ran, so even a POST may be sent again.
        if (
          error instanceof PveApiError &&
          error.code === 'UNAUTHORIZED' &&
          !call.anonymous &&
          !reauthenticated &&
          (await this.#options.credentials.recover(headers, call.signal))
        ) {
          reauthenticated = true;
          attempt -= 1;
          continue;
        }
        // An open circuit says when to come back; retrying at once would only fail again.
        if (!(error instanceof PveApiError) || !error.retryable || error.code === 'CIRCUIT_OPEN') throw error;
        if (attempt + 1 >= attempts) throw error;
        await delay(backoffDelayMs(attempt), call.signal);
      }
    }
  }

  async #guarded(
    call: ApiCall,
    path: string,
    attempt: number,
    headers: Readonly<Record<string, string>>,
  ): Promise<unknown> {
    const { breaker, limiter } = this.#options;
    breaker?.admit(`${call.method} ${path}`);
    try {
      const data = await limiter.run(() => this.#attempt(call, path, attempt, headers), call.signal);
      breaker?.recordSuccess();
      return data;
    } catch (error: unknown) {
      if (call.signal?.aborted || !(error instanceof PveApiError)) breaker?.release();
      else breaker?.recordFailure(countsAgainstTarget(error));
      throw error;
    }
  }

  #attempt(
    call: ApiCall,
    path: string,
    attempt: number,
    headers: Readonly<Record<string, string>>,
  ): Promise<unknown> {
    const { baseUrl } = this.#options;
    const attributes: Attributes = {
      [SPAN_ATTRIBUTES.httpRequestMethod]: call.method,
      [SPAN_ATTRIBUTES.urlPath]: call.template,
      [SPAN_ATTRIBUTES.serverAddress]: baseUrl.hostname,
      [SPAN_ATTRIBUTES.serverPort]: Number(baseUrl.port || (baseUrl.protocol === 'https:' ? 443 : 80)),
      ...(attempt > 0 && { [SPAN_ATTRIBUTES.httpResendCount]: attempt }),
      ...(call.params?.node !== undefined && { [SPAN_ATTRIBUTES.pveNode]: call.params.node }),
      ...(call.params?.vmid !== undefined && { [SPAN_ATTRIBUTES.pveVmid]: call.params.vmid }),
    };
    const spanName = `pve ${call.method} ${call.template}`;
    return this.#tracer.startActiveSpan(spanName, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const started = performance.now();
      let status: number | 'error' = 'error';
      try {
        const answer = await this.#exchange(call, path, headers);
        status = answer.status;
        span.setAttribute(SPAN_ATTRIBUTES.httpResponseStatusCode, answer.status);
        return answer.data;
      } catch (error: unknown) {
        if (error instanceof PveApiError && error.status !== undefined) status = error.status;
        recordFailure(span, error);
        throw error;
      } finally {
        span.end();
        this.#options.onRequest?.({
          method: call.method,
          pathTemplate: call.template,
          status,
          durationMs: performance.now() - started,
        });
      }
    });
  }

  async #exchange(
    call: ApiCall,
    path: string,
    authHeaders: Readonly<Record<string, string>>,
  ): Promise<{ status: number; data: unknown }> {
    const { timeoutMs, dispatcher } = this.#options;
    const label = `${call.method} ${path}`;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const signal = call.signal ? AbortSignal.any([deadline.signal, call.signal]) : deadline.signal;
    const body = call.body ? formEncoded(call.body) : undefined;
    try {
      const response = await dispatcher.request({
        origin: this.#origin,
        path: call.query ? `${this.#root}${path}?${formEncoded(call.query)}` : `${this.#root}${path}`,
        method: call.method,
        headers: {
          ...authHeaders,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(body !== undefined && { body }),
        signal,
      });
      const text = await response.body.text();
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw errorFromResponse(label, response.statusCode, response.statusText, text);
      }
      return {
        status: response.statusCode,
        data: parseData(label, response.statusCode, text, call.withAttributes === true),
      };
    } catch (error: unknown) {
      if (error instanceof PveApiError) throw error;
      if (call.signal?.aborted) throw call.signal.reason;
      if (deadline.signal.aborted) throw timeoutError(label, timeoutMs);
      throw errorFromTransport(label, error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** PVE's form encoding: booleans as 1/0, a list as the name repeated, undefined values left out. */
function formEncoded(values: Readonly<Record<string, ApiParamValue | undefined>>): string {
  const entries = Object.entries(values).flatMap(([name, value]): Array<[string, string]> => {
    if (value === undefined) return [];
    if (typeof value === 'object') return value.map((item) => [name, item]);
    return [[name, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)]];
  });
  return new URLSearchParams(entries).toString();
}

/** PVE wraps every result as `{"data": …}`, with some attributes beside it. */
function parseData(label: string, status: number, body: string, whole: boolean): unknown {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'data' in parsed)
      return whole ? parsed : parsed.data;
  } catch {
    // Reported below with the same message as a body without `data`.
  }
  throw new PveApiError({
    code: 'SERVER_ERROR',
    status,
    message: `${label}: the answer is not PVE's {"data": …} JSON`,
  });
}

function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, ...(error instanceof Error && { message: error.message }) });
  if (error instanceof PveApiError) {
    span.setAttribute(SPAN_ATTRIBUTES.errorType, error.code);
    if (error.status !== undefined) span.setAttribute(SPAN_ATTRIBUTES.httpResponseStatusCode, error.status);
  } else {
    span.setAttribute(SPAN_ATTRIBUTES.errorType, error instanceof Error ? error.name : 'unknown');
  }
}
