import { Injectable } from '@nestjs/common';

/**
 * Set when SIGTERM arrives. From then on /readyz answers 503, so load balancers stop sending new requests while
 * the listener still serves those already on their way (the drain of `SHUTDOWN_DRAIN_DELAY`).
 */
@Injectable()
export class ShutdownState {
  private drainStarted = false;

  get draining(): boolean {
    return this.drainStarted;
  }

  beginDrain(): void {
    this.drainStarted = true;
  }
}
