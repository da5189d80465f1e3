import { type Server, type Socket, connect, createServer } from 'node:net';

/**
 * A TCP forwarder from a port of the suite to the database. `pause()` stops forwarding in both directions and holds
 * new connections unanswered, as a database host that stops answering (a stalled network, a frozen VM) looks to the
 * service; `resume()` lets everything through again, held bytes included. `switchTo()` is a proxy that follows a
 * failover: new connections go to the new primary, and those to the old one are cut.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private paused = false;
  private readonly held: (() => void)[] = [];

  constructor(
    readonly port: number,
    private target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const release of this.held.splice(0)) {
      release();
    }
  }

  /**
   * Sends new connections to `target` and cuts every open one, as HAProxy's `on-marked-down shutdown-sessions` does:
   * a session left on the old primary could go on writing to a server that is no longer the primary.
   */
  switchTo(target: { host: string; port: number }): void {
    this.target = target;
    this.cutAll();
  }

  async stop(): Promise<void> {
    this.cutAll();
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private cutAll(): void {
    for (const socket of this.sockets) {
      socket.destroy();
    }
  }

  private accept(client: Socket): void {
    this.track(client);
    const upstream = connect(this.target.port, this.target.host);
    this.track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  /** Byte by byte in order: while paused, chunks wait in one queue, released in arrival order on resume. */
  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      const write = (): void => void (to.destroyed || to.write(chunk));
      if (this.paused) {
        this.held.push(write);
      } else {
        write();
      }
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
}
