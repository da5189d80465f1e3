import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether a Redis server on this local port answers PING now (a raw socket: no client, no retries). */
export function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.write('PING\r\n');
  });
}

/** Waits until a Redis server just spawned on `port` answers, rather than for a fixed time a loaded machine outlasts. */
export async function untilRedisAnswers(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await redisPing(port))) {
    if (Date.now() > deadline) {
      throw new Error(`Redis on port ${port} did not answer PING within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}
