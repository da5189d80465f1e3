import { SetMetadata, UseFilters, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Public } from '../common/auth/authorize.decorator';
import type { Right } from '../common/auth/rights';
import { PageExceptionFilter } from './page-exception.filter';
import { PageGuard } from './page.guard';

export const PAGE_ACCESS = 'gatehouse:page-access';

export interface PageAccessOptions {
  /** A signed-in person (cookie session) is needed; implied by `rights`. */
  signedIn?: boolean;
  /** Every one of these rights is needed. */
  rights?: Right[];
}

/**
 * Marks an HTML page handler: the global API guard lets it through (`@Public`), and `PageGuard` does the page
 * version of the checks: people sign in through `/login` and come back (303), forms carry the session's CSRF token
 * in a hidden `csrf` field, and refusals are pages, not JSON.
 */
export function PageAccess(options: PageAccessOptions = {}): MethodDecorator {
  return applyDecorators(
    Public(),
    SetMetadata(PAGE_ACCESS, {
      signedIn: options.signedIn ?? Boolean(options.rights?.length),
      rights: options.rights ?? [],
    }),
    UseGuards(PageGuard),
    UseFilters(PageExceptionFilter),
    ApiExcludeEndpoint(),
  );
}
