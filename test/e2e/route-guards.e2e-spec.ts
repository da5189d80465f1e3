import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { AUTHORIZE_METADATA, PUBLIC_METADATA } from '../../src/common/auth/authorize.decorator';
import { type TestApp, startTestApp } from './support/test-app';

/** Default deny made visible: every route handler must say who may call it. */
describe('every controller handler declares @Authorize or @Public', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('finds no undeclared handler', () => {
    const handlers: string[] = [];
    const undeclared: string[] = [];
    for (const module of gatehouse.app.get(ModulesContainer).values()) {
      for (const controller of module.controllers.values()) {
        const type = controller.metatype as new (...args: never[]) => object;
        const prototype = type.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name];
          if (
            name === 'constructor' ||
            typeof handler !== 'function' ||
            Reflect.getMetadata(PATH_METADATA, handler) === undefined
          ) {
            continue;
          }
          handlers.push(`${type.name}.${name}`);
          const declared = [handler, type].some(
            (target) => Reflect.getMetadata(AUTHORIZE_METADATA, target) || Reflect.getMetadata(PUBLIC_METADATA, target),
          );
          if (!declared) {
            undeclared.push(`${type.name}.${name}`);
          }
        }
      }
    }
    expect(handlers.length).toBeGreaterThan(5);
    expect(undeclared).toEqual([]);
  });
});
