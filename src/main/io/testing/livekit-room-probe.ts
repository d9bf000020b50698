/**
 * Run as a child process by livekit-room.test.ts: rtc-node's worker keeps a process alive until
 * dispose(), so connecting is tried here, and the test checks that this process exits by itself.
 * Prints one `RESULT {...}` line: a closed port and a silent server, both refused in bounded time.
 */
import { createServer, type Server } from 'node:net';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { connectLiveKitRoom } from '../livekit-room';
import { disposeLiveKit, liveKitLoaded } from '../livekit-rtc';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcm9iZSJ9.probe-token-signature';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

async function attempt(url: string, timeoutMs: number) {
  const t0 = Date.now();
  try {
    await connectLiveKitRoom({
      url,
      room: 'probe',
      token: TOKEN,
      clock: new VirtualClock(0),
      timeoutMs,
      onEvent: () => undefined,
      onWarning: () => undefined,
    });
    return { ok: true, ms: Date.now() - t0, name: '', message: '' };
  } catch (err) {
    const e = err as Error;
    return { ok: false, ms: Date.now() - t0, name: e.name, message: e.message };
  }
}

async function main(): Promise<void> {
  const closed = createServer();
  const closedPort = await listen(closed);
  await new Promise((r) => closed.close(r));
  const refused = await attempt(`ws://127.0.0.1:${closedPort}`, 5000);
  // A server that accepts the connection and never answers: only the bound ends the wait.
  const sockets: Array<import('node:net').Socket> = [];
  const silent = createServer((s) => sockets.push(s));
  const silentPort = await listen(silent);
  const timedOut = await attempt(`ws://127.0.0.1:${silentPort}`, 1000);
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  await disposeLiveKit();
  process.stdout.write(
    `RESULT ${JSON.stringify({ refused, timedOut, token: TOKEN, loadedAfter: liveKitLoaded() })}\n`,
  );
}

void main();
