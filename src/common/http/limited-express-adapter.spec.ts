import type { Express, Request, Response } from 'express';
import { IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LimitedExpressAdapter } from './limited-express-adapter';

describe('LimitedExpressAdapter', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(adapter: LimitedExpressAdapter): Promise<string> {
    adapter.initHttpServer({});
    server = adapter.getHttpServer();
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("makes requests and responses with the app's Express prototypes before Express sees them", async () => {
    const adapter = new LimitedExpressAdapter();
    const app = adapter.getInstance<Express>();
    const born: boolean[] = [];
    adapter.answerFirst((request, response) => {
      born.push(Object.getPrototypeOf(request) === app.request, Object.getPrototypeOf(response) === app.response);
      return false;
    });
    app.get('/shape', (request: Request, response: Response) => {
      response.json({
        app: request.app === app,
        request: request instanceof IncomingMessage,
        response: response instanceof ServerResponse,
        query: request.query,
        path: request.path,
      });
    });
    const base = await serve(adapter);

    const answer = await fetch(`${base}/shape?a=1`);

    expect(born).toEqual([true, true]);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      app: true,
      request: true,
      response: true,
      query: { a: '1' },
      path: '/shape',
    });
  });

  it('lets a front lane answer with the same objects, and Express takes the rest', async () => {
    const adapter = new LimitedExpressAdapter();
    const app = adapter.getInstance<Express>();
    adapter.answerFirst((request, response) => {
      if (request.url !== '/lane') {
        return false;
      }
      response.writeHead(204).end();
      return true;
    });
    app.get('/express', (_request: Request, response: Response) => {
      response.status(201).send('express');
    });
    const base = await serve(adapter);

    expect((await fetch(`${base}/lane`)).status).toBe(204);
    const express = await fetch(`${base}/express`);
    expect(express.status).toBe(201);
    expect(await express.text()).toBe('express');
  });
});
