// The second baseline: a bare NestJS + Express app of the Nest version the measured build uses (resolved from the
// working directory, as the service's own dependencies are), one route GET /healthz answering { status: 'ok' } as
// the service's does, nothing else: no logging, request ids, metrics or security headers. Started by the bench like
// the service and pinned the same way; PORT from the environment. Plain JavaScript: the decorators are applied as
// functions.
import { createRequire } from 'node:module';

const require = createRequire(`${process.cwd()}/package.json`);
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { Controller, Get, Module } = require('@nestjs/common');

class HealthController {
  health() {
    return { status: 'ok' };
  }
}
Get('healthz')(
  HealthController.prototype,
  'health',
  Object.getOwnPropertyDescriptor(HealthController.prototype, 'health'),
);
Controller()(HealthController);

class BareModule {}
Module({ controllers: [HealthController] })(BareModule);

const app = await NestFactory.create(BareModule, { logger: ['error', 'warn'] });
await app.listen(Number(process.env.PORT), '127.0.0.1');
console.log(`bare Nest ${require('@nestjs/core/package.json').version} listening on ${process.env.PORT}`);
