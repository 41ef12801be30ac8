import { ADMIN_TOKEN, InProcessPlatform } from './in-process-platform';

/**
 * The web console's live stream (`/ui/events`) as a replica stops: it ends, so the page
 * reconnects to another replica, and the replica's shutdown does not wait for the page
 * to go away (nor leave its session checks running past its database connection).
 */
it('should end the open live streams of an mcp-edge replica that stops', async () => {
  const platform = await InProcessPlatform.start();
  try {
    const replica = await platform.startEdgeReplica();
    const { session } = await platform.signInToConsole(ADMIN_TOKEN, replica.url);
    const stream = await fetch(`${replica.url}/ui/events`, {
      headers: { cookie: `mpc_ui_session=${session}` },
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();

    await replica.stop();
    const rest = await reader.read();

    expect(stream.status).toBe(200);
    expect(new TextDecoder().decode(first.value)).toBe('retry: 3000\n\n');
    expect(rest.done).toBe(true);
  } finally {
    await platform.stop();
  }
});
