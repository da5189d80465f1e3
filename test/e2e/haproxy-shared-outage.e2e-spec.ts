import { type Server, createServer } from 'node:http';
import { eventually } from '../faults/support/processes';
import { Haproxy, documentedHaproxyConfig } from './support/haproxy';
import { missingComponent } from './support/system-components';

/** Ports of this file's own: the HAProxy frontend and the two stand-in instances behind it. */
const HAPROXY_PORT = 22530;
const INSTANCE_PORTS: [number, number] = [22531, 22532];

/** A stand-in instance: `/readyz` answers 200 or 503 as told, every other path 200 naming the instance. */
class StandIn {
  ready = true;
  private readonly server: Server;

  constructor(
    readonly name: string,
    readonly port: number,
  ) {
    this.server = createServer((request, response) => {
      if (request.url === '/readyz') {
        response.writeHead(this.ready ? 200 : 503).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end(this.name);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Which instance answered a request through HAProxy, or HAProxy's own status and body when none did. */
async function answeredBy(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${HAPROXY_PORT}/anything`);
  const body = await response.text();
  return response.status === 200 ? body : `${response.status} ${body.slice(0, 80)}`;
}

/**
 * Issue 24 item 1, docs/deploy/haproxy.cfg: an instance whose /readyz answers 503 is taken out while others are ready;
 * when none is (a dependency they all share is failing over), HAProxy sends to all of them through their backup lines
 * rather than answer 503 itself, so that each fails closed only what needs the missing dependency.
 */
describe.skipIf(missingComponent('haproxy'))('the documented HAProxy when every instance is not ready', () => {
  const instances = [new StandIn('a', INSTANCE_PORTS[0]), new StandIn('b', INSTANCE_PORTS[1])];
  const haproxy = new Haproxy(documentedHaproxyConfig(HAPROXY_PORT, INSTANCE_PORTS));

  beforeAll(async () => {
    await Promise.all(instances.map((instance) => instance.start()));
    haproxy.start();
  });

  afterAll(async () => {
    await haproxy.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
  });

  it('takes out the one not ready while another is, and sends to all of them once none is', async () => {
    const [a, b] = instances;
    a.ready = false;
    // `fall 2` checks `inter 1s` apart: then only b gets requests, a's backup line is not used.
    const onlyB = async () => (await Promise.all(Array.from({ length: 6 }, answeredBy))).every((by) => by === 'b');
    expect(await eventually(onlyB, 10_000)).toBe(true);

    b.ready = false;
    // Once b is down too, a answers again (through its backup line), and no request gets HAProxy's own 503.
    expect(await eventually(async () => (await answeredBy()) === 'a', 10_000)).toBe(true);
    const answers = [];
    for (let index = 0; index < 10; index += 1) {
      answers.push(await answeredBy());
    }
    expect(answers.filter((by) => by !== 'a' && by !== 'b')).toEqual([]);
    // `option allbackups`: both share the load, not only the first backup.
    expect(new Set(answers)).toEqual(new Set(['a', 'b']));
  });
});
