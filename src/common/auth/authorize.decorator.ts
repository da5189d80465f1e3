import { SetMetadata, applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiHeader,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../errors/error-body.dto';
import { type ProtocolDoorKind, ROUTE_ACCESS, type RouteAccess } from './route-access';
import type { Right } from './rights';

/**
 * What a JSON API route needs, exactly one kind: every right of a non-empty list (MediaWiki: every API action needs
 * a right), or a cookie session. There is no "any signed-in caller": that would let every OAuth token in, the
 * auth-only ones included (DESIGN §3).
 */
export type AuthorizeRequirement =
  | { rights: readonly [Right, ...Right[]]; sessionOnly?: never }
  | { sessionOnly: true; rights?: never; duringSetup?: true };

const CSRF_HEADER = ApiHeader({
  name: 'X-CSRF-Token',
  required: false,
  description: 'Required on unsafe methods when authenticated by the session cookie',
});

/**
 * Declares what a JSON API handler needs, for the global guard and in Swagger (`x-rights`, `x-session-only`). The
 * guard refuses every handler without a declaration.
 */
export function Authorize(requirement: AuthorizeRequirement): MethodDecorator & ClassDecorator {
  if (requirement.sessionOnly) {
    return applyDecorators(
      SetMetadata(ROUTE_ACCESS, {
        kind: 'session',
        ...(requirement.duringSetup ? { duringSetup: true as const } : {}),
      } satisfies RouteAccess),
      ApiCookieAuth('session'),
      CSRF_HEADER,
      ApiExtension('x-session-only', true),
      ApiUnauthorizedResponse({ description: 'Not signed in', type: ErrorBodyDto }),
      ApiForbiddenResponse({
        description:
          'Called with an OAuth credential (sessions only), the account is blocked, or the CSRF token is missing',
        type: ErrorBodyDto,
      }),
    );
  }
  const rights = [...requirement.rights];
  return applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'rights', rights } satisfies RouteAccess),
    ApiCookieAuth('session'),
    ApiBearerAuth('bearer'),
    CSRF_HEADER,
    ApiExtension('x-rights', rights),
    ApiUnauthorizedResponse({ description: 'Not signed in, or the credential is invalid', type: ErrorBodyDto }),
    ApiForbiddenResponse({
      description:
        `Needs the rights: ${rights.join(', ')} (an OAuth credential holds them only through its grants), ` +
        'or the account is blocked, or the CSRF token is missing',
      type: ErrorBodyDto,
    }),
  );
}

/** Marks a handler as open to anyone; the guard still identifies a caller when a credential is present. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(ROUTE_ACCESS, { kind: 'public' } satisfies RouteAccess);
}

/**
 * Marks a protocol endpoint that authenticates its caller itself, in its protocol's way (`door` says which): the
 * guard lets everyone reach it, and Swagger shows the door in `x-protocol-door`.
 */
export function ProtocolDoor(door: ProtocolDoorKind): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'protocol-door', door } satisfies RouteAccess),
    ApiExtension('x-protocol-door', door),
  );
}
