import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ROUTE_ACCESS, type RouteAccess } from '../../../src/common/auth/route-access';

/** One route handler as the running app serves it: every address, and its declaration (if any). */
export interface LiveRoute {
  handler: string;
  /** `ALL` for handlers that take any method. */
  method: string;
  /** Every address, the controller's prefixes times the handler's paths, as Express patterns (`:id`, `*path`). */
  paths: string[];
  access: RouteAccess | undefined;
}

/**
 * Every route handler of the running app, found the way Nest's router and the Swagger document find them: the
 * controllers of every module, their prefixes, and each handler's paths and method. Sorted by first path.
 */
export function liveRoutes(app: INestApplication): LiveRoute[] {
  const routes: LiveRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.values()) {
      const type = controller.metatype as new (...args: never[]) => object;
      const prototype = type.prototype as Record<string, unknown>;
      const prefixes = asList(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        // Route handlers are the methods Nest's route decorators gave a path.
        if (name === 'constructor' || typeof handler !== 'function') {
          continue;
        }
        const handlerPaths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        if (handlerPaths === undefined) {
          continue;
        }
        routes.push({
          handler: `${type.name}.${name}`,
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
          paths: prefixes.flatMap((prefix) => asList(handlerPaths).map((path) => joinPath(prefix, path))),
          access: (Reflect.getMetadata(ROUTE_ACCESS, handler) ?? Reflect.getMetadata(ROUTE_ACCESS, type)) as
            RouteAccess | undefined,
        });
      }
    }
  }
  return routes.sort((a, b) => a.paths[0].localeCompare(b.paths[0]) || a.method.localeCompare(b.method));
}

/** Nest's path metadata: a path, a list of paths, or none (the root). */
function asList(paths: unknown): string[] {
  if (paths === undefined) {
    return [''];
  }
  return (Array.isArray(paths) ? paths : [paths]).map((path) => path as string);
}

function joinPath(prefix: string, path: string): string {
  const joined = [prefix, path]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}
