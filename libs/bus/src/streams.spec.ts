import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort, pollUntil, startNatsServer, type RunningNats } from '@proxmox-mpc/testing';
import { Streams } from './names';
import { defaultStreamSettings, ensureStreams } from './streams';

const CLUSTER_SIZE = 3;

/**
 * Three nats-server processes on loopback forming one JetStream cluster, the shape the
 * Helm chart deploys. Each node's config names the others' route ports up front.
 */
async function startCluster(): Promise<{ nodes: RunningNats[]; stop(): Promise<void> }> {
  const folder = mkdtempSync(join(tmpdir(), 'mpc-nats-cluster-'));
  const routePorts = await Promise.all(Array.from({ length: CLUSTER_SIZE }, () => freePort()));
  const nodes = await Promise.all(
    routePorts.map((routePort, index) => {
      const file = join(folder, `node-${index}.conf`);
      const routes = routePorts
        .filter((port) => port !== routePort)
        .map((port) => `nats://127.0.0.1:${port}`);
      writeFileSync(
        file,
        [
          `server_name: node-${index}`,
          'port: 4222',
          'http_port: 8222',
          'jetstream {',
          '  store_dir: /data',
          '}',
          `cluster { name: mpc-spec, listen: "127.0.0.1:${routePort}", routes: ${JSON.stringify(routes)} }`,
          '',
        ].join('\n'),
      );
      return startNatsServer({ config: { file, env: {} } });
    }),
  );
  return {
    nodes,
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

const replicasOf = async (jsm: JetStreamManager, stream: string) => {
  const info = await jsm.streams.info(stream);
  return { configured: info.config.num_replicas, followers: info.cluster?.replicas?.length ?? 0 };
};

describe(ensureStreams.name, () => {
  describe('on a three-server cluster', () => {
    let cluster: Awaited<ReturnType<typeof startCluster>>;
    let connection: NatsConnection;
    let jsm: JetStreamManager;

    beforeAll(async () => {
      cluster = await startCluster();
      connection = await connect({ servers: cluster.nodes.map((node) => node.url) });
      // Not checked here: the cluster answers JetStream requests only once it has elected a leader.
      jsm = await jetstreamManager(connection, { checkAPI: false });
    });

    afterAll(async () => {
      await connection?.close();
      await cluster?.stop();
    });

    /** Whether ensureStreams with `replicas` succeeded within 30 s of trying again. */
    const ensuredWithin30s = (replicas: number) =>
      pollUntil(
        () =>
          ensureStreams(jsm, { ...defaultStreamSettings, replicas }).then(
            () => true,
            () => false,
          ),
        (done) => done,
        30_000,
        500,
      );

    it('should move streams created with one replica onto three servers', async () => {
      // The cluster elects its JetStream leader a moment after the servers are up.
      expect(await ensuredWithin30s(1)).toBe(true);
      expect(await replicasOf(jsm, Streams.commands.name)).toEqual({ configured: 1, followers: 0 });

      // Every server takes part in placement only once the leader has heard from it:
      // until then three replicas find "no suitable peers".
      expect(await ensuredWithin30s(CLUSTER_SIZE)).toBe(true);

      for (const stream of [Streams.commands.name, Streams.events.name]) {
        const replicas = await pollUntil(
          () => replicasOf(jsm, stream),
          (value) => value.followers === CLUSTER_SIZE - 1,
          30_000,
          200,
        );
        expect(replicas).toEqual({ configured: CLUSTER_SIZE, followers: CLUSTER_SIZE - 1 });
      }
    });

    it('should refuse more copies than the cluster has servers, naming the stream and the setting', async () => {
      await expect(ensureStreams(jsm, { ...defaultStreamSettings, replicas: 5 })).rejects.toThrow(
        /stream CMD with 5 replicas: .*BUS_STREAM_REPLICAS/,
      );
    });
  });

  describe('on a single server', () => {
    let nats: RunningNats;
    let connection: NatsConnection;
    let jsm: JetStreamManager;

    beforeAll(async () => {
      nats = await startNatsServer();
      connection = await connect({ servers: nats.url });
      jsm = await jetstreamManager(connection);
    });

    afterAll(async () => {
      await connection?.close();
      await nats?.stop();
    });

    it('should create the streams with one replica by default', async () => {
      await ensureStreams(jsm);
      expect(await replicasOf(jsm, Streams.events.name)).toEqual({ configured: 1, followers: 0 });
    });
  });
});
