import { context, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import {
  type TestServer,
  inSequence,
  neverAnswer,
  pveAnswer,
  startTestServer,
} from '../__tests__/test-servers';
import { PveClient } from '../client/pve-client';
import type { PveClientOptions } from '../client/pve-client-options';
import type { PveRequestObservation } from './pve-http';
import { PveApiError } from '../errors/pve-api-error';
import { PveHttp } from './pve-http';

const TOKEN = { tokenId: 'root@pam!mpc', tokenSecret: 'top-secret-7f3a' };
const UPID = 'UPID:pve1:0002A3F1:151D48BC:6720B3C4:qmstart:100:root@pam!mpc:';

describe(PveHttp.name, () => {
  let server: TestServer | undefined;
  let client: PveClient | undefined;

  afterEach(async () => {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  async function serve(
    reply: Parameters<typeof startTestServer>[0],
    options: Partial<PveClientOptions> = {},
  ) {
    server = await startTestServer(reply);
    client = new PveClient({ baseUrl: server.url, ...TOKEN, ...options });
    return { server, client };
  }

  describe('requests', () => {
    it('should authenticate with the PVEAPIToken header', async () => {
      const { server, client } = await serve(pveAnswer(200, 'OK', { data: { version: '9.2.3' } }));

      await client.version();

      expect(server.requests[0]?.authorization).toBe('PVEAPIToken=root@pam!mpc=top-secret-7f3a');
    });

    it('should put the API below /api2/json of the base URL', async () => {
      const { server, client } = await serve(pveAnswer(200, 'OK', { data: [] }));

      await client.clusterResources('vm');

      expect(server.requests[0]?.url).toBe('/api2/json/cluster/resources?type=vm');
    });

    it('should URL-encode path values', async () => {
      const { server, client } = await serve(
        pveAnswer(200, 'OK', { data: { upid: UPID, status: 'running' } }),
      );

      await client.taskStatus('pve1', UPID);

      expect(server.requests[0]?.url).toBe(
        '/api2/json/nodes/pve1/tasks/UPID%3Apve1%3A0002A3F1%3A151D48BC%3A6720B3C4%3Aqmstart%3A100%3Aroot%40pam!mpc%3A/status',
      );
    });

    it('should reject an answer that is not PVE JSON as SERVER_ERROR', async () => {
      const { client } = await serve((response) => response.end('<html>proxy</html>'));

      await expect(client.version()).rejects.toMatchObject({ code: 'SERVER_ERROR', retryable: false });
    });

    it('should reject a power call whose answer is not a UPID', async () => {
      const { client } = await serve(pveAnswer(200, 'OK', { data: 'done' }));

      await expect(client.powerGuest('pve1', 'qemu', 100, 'start')).rejects.toMatchObject({
        code: 'SERVER_ERROR',
      });
    });
  });

  describe('timeouts', () => {
    it('should give up with TIMEOUT when no answer arrives within timeoutMs', async () => {
      const { client } = await serve(neverAnswer, { timeoutMs: 200, retries: 0 });
      const started = Date.now();

      await expect(client.version()).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('should retry a GET that timed out', async () => {
      const { server, client } = await serve(neverAnswer, { timeoutMs: 100, retries: 1 });

      await expect(client.nodes()).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('retries', () => {
    it('should retry a GET after a 503 and return the later answer', async () => {
      const { server, client } = await serve(
        inSequence(pveAnswer(503, 'Service Unavailable', { data: null }), pveAnswer(200, 'OK', { data: [] })),
      );

      await expect(client.nodes()).resolves.toEqual([]);
      expect(server.requests).toHaveLength(2);
    });

    it('should stop after the configured number of retries', async () => {
      const { server, client } = await serve(pveAnswer(503, 'Service Unavailable', { data: null }), {
        retries: 2,
      });

      await expect(client.nodes()).rejects.toMatchObject({ code: 'UNREACHABLE', status: 503 });
      expect(server.requests).toHaveLength(3);
    });

    it('should never retry a POST', async () => {
      const { server, client } = await serve(
        inSequence(
          pveAnswer(503, 'Service Unavailable', { data: null }),
          pveAnswer(200, 'OK', { data: UPID }),
        ),
      );

      await expect(client.powerGuest('pve1', 'qemu', 100, 'start')).rejects.toMatchObject({
        code: 'UNREACHABLE',
      });
      expect(server.requests).toHaveLength(1);
    });

    it("should not retry a 500 that carries PVE's reason", async () => {
      const { server, client } = await serve(pveAnswer(500, 'got unexpected error', { data: null }));

      await expect(client.nodes()).rejects.toMatchObject({ code: 'SERVER_ERROR', retryable: false });
      expect(server.requests).toHaveLength(1);
    });

    it('should report a refused connection as UNREACHABLE', async () => {
      const { server, client } = await serve(neverAnswer, { retries: 0 });
      await server.close();

      await expect(client.version()).rejects.toMatchObject({ code: 'UNREACHABLE', retryable: true });
    });
  });

  describe('observation', () => {
    it('should report every attempt to onRequest with its path template and status', async () => {
      const observations: PveRequestObservation[] = [];
      const { client } = await serve(
        inSequence(pveAnswer(503, 'Service Unavailable', { data: null }), pveAnswer(200, 'OK', { data: {} })),
        { onRequest: (observation) => observations.push(observation) },
      );

      await client.guestStatus('pve1', 'qemu', 100);

      expect(observations).toEqual([
        {
          method: 'GET',
          pathTemplate: '/nodes/{node}/qemu/{vmid}/status/current',
          status: 503,
          durationMs: expect.any(Number),
        },
        {
          method: 'GET',
          pathTemplate: '/nodes/{node}/qemu/{vmid}/status/current',
          status: 200,
          durationMs: expect.any(Number),
        },
      ]);
    });

    it("should report 'error' as the status of an attempt without an answer", async () => {
      const observations: PveRequestObservation[] = [];
      const { client } = await serve(neverAnswer, {
        timeoutMs: 50,
        retries: 0,
        onRequest: (observation) => observations.push(observation),
      });

      await expect(client.version()).rejects.toBeInstanceOf(PveApiError);
      expect(observations.map((observation) => observation.status)).toEqual(['error']);
    });
  });

  describe('tracing', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

    beforeAll(() => trace.setGlobalTracerProvider(provider));

    afterAll(async () => {
      trace.disable();
      context.disable();
      await provider.shutdown();
    });

    beforeEach(() => exporter.reset());

    function onlySpan(): ReadableSpan {
      const spans = exporter.getFinishedSpans();
      expect(spans).toHaveLength(1);
      return spans[0] as ReadableSpan;
    }

    it('should run each call in a CLIENT span named after the method and path template', async () => {
      const { client } = await serve(pveAnswer(200, 'OK', { data: {} }));

      await client.guestStatus('pve1', 'qemu', 100);

      expect(onlySpan()).toMatchObject({ name: 'pve GET /nodes/{node}/qemu/{vmid}/status/current', kind: 2 });
    });

    it('should record method, path template, server, status, node and vmid', async () => {
      const { server, client } = await serve(pveAnswer(200, 'OK', { data: {} }));

      await client.guestStatus('pve1', 'qemu', 100);

      expect(onlySpan().attributes).toEqual({
        'http.request.method': 'GET',
        'url.path': '/nodes/{node}/qemu/{vmid}/status/current',
        'server.address': '127.0.0.1',
        'server.port': Number(new URL(server.url).port),
        'http.response.status_code': 200,
        'pve.node': 'pve1',
        'pve.vmid': 100,
      });
    });

    it('should record a failure on the span', async () => {
      const { client } = await serve(
        pveAnswer(500, "Configuration file 'x.conf' does not exist", { data: null }),
      );

      await expect(client.guestStatus('pve1', 'qemu', 100)).rejects.toBeInstanceOf(PveApiError);

      const span = onlySpan();
      expect(span.status.code).toBe(2);
      expect(span.attributes).toMatchObject({ 'error.type': 'NOT_FOUND', 'http.response.status_code': 500 });
      expect(span.events.map((event) => event.name)).toContain('exception');
    });

    it('should keep the token secret out of spans', async () => {
      const { client } = await serve(pveAnswer(401, 'Authentication failed!', { data: null }));

      await expect(client.version()).rejects.toBeInstanceOf(PveApiError);

      const span = onlySpan();
      expect(
        JSON.stringify({ attributes: span.attributes, events: span.events, status: span.status }),
      ).not.toContain(TOKEN.tokenSecret);
    });
  });
});
