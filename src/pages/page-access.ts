import { SetMetadata, UseFilters, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { ROUTE_ACCESS, type RouteAccess } from '../common/auth/route-access';
import type { Right } from '../common/auth/rights';
import { PageExceptionFilter } from './page-exception.filter';
import { PageGuard } from './page.guard';

/**
 * Who may open a page, exactly one kind: anyone (a signed-in person is still recognised), or a person signed in with
 * a cookie session who holds every right of a non-empty list. Pages are for people: an OAuth token opens none.
 */
export type PageAccessRequirement =
  | { anyone: true; rights?: never; duringSetup?: never }
  | { rights: readonly [Right, ...Right[]]; anyone?: never; duringSetup?: true };

/**
 * Marks an HTML page handler: the global API guard lets it through, and `PageGuard` does the page version of the
 * checks: people sign in through `/login` and come back (303), forms carry the session's CSRF token in a hidden
 * `csrf` field, and refusals are pages, not JSON.
 */
export function PageAccess(requirement: PageAccessRequirement): MethodDecorator {
  return applyDecorators(
    SetMetadata(ROUTE_ACCESS, {
      kind: 'page',
      rights: [...(requirement.rights ?? [])],
      ...(requirement.duringSetup ? { duringSetup: true as const } : {}),
    } satisfies RouteAccess),
    UseGuards(PageGuard),
    UseFilters(PageExceptionFilter),
    ApiExcludeEndpoint(),
  );
}
