import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonErrorCode, type CommonException } from '../errors/common.exception';
import type { AppRequest } from '../http/app-request';
import { CacheUnavailableError } from '../../cache/cache-unavailable.error';
import type { AuthContext } from './auth-context';
import { AuthGuard } from './auth.guard';
import { AuthenticatorRegistry } from './authenticator.registry';
import { Authorize, Public } from './authorize.decorator';
import { Right } from './rights';

class SampleController {
  @Public()
  open(): void {}

  @Authorize({ rights: [Right.Read] })
  reader(): void {}

  @Authorize({ sessionOnly: true })
  signOut(): void {}

  @Authorize({ rights: [Right.UserRights] })
  admin(): void {}

  undeclared(): void {}
}

const session: AuthContext = {
  userId: 1,
  userName: 'Alice',
  groups: [],
  rights: new Set([Right.Read, Right.ProposeConsumer]),
  via: 'session',
  blocked: false,
  session: { id: 's', csrfToken: 'csrf-token', sid: 'sid', authTime: 0, amr: ['pwd'] },
};

function contextFor(handler: keyof SampleController, request: Partial<AppRequest>): ExecutionContext {
  return {
    getHandler: () => Object.getOwnPropertyDescriptor(SampleController.prototype, handler)?.value as unknown,
    getClass: () => SampleController,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function guardFor(auth: AuthContext | undefined): AuthGuard {
  const registry = new AuthenticatorRegistry();
  registry.register({ offeredBy: () => auth !== undefined, authenticate: () => Promise.resolve(auth) });
  return new AuthGuard(new Reflector(), registry);
}

function request(method: string, headers: Record<string, string> = {}): Partial<AppRequest> {
  return { method, header: ((name: string) => headers[name.toLowerCase()]) as AppRequest['header'] };
}

async function refusal(activate: () => boolean | Promise<boolean>): Promise<string> {
  const error = (await Promise.resolve()
    .then(activate)
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    )) as CommonException | undefined;
  return error?.code ?? 'allowed';
}

describe('AuthGuard', () => {
  it('lets anyone through public handlers, still identifying the caller', async () => {
    const req = request('GET');
    await expect(guardFor(session).canActivate(contextFor('open', req))).resolves.toBe(true);
    expect(req.auth).toBe(session);
    expect(guardFor(undefined).canActivate(contextFor('open', request('POST')))).toBe(true);
  });

  it('passes a store that does not answer on, where a bad credential on a public handler only makes no caller', async () => {
    const failing = (error: Error) => {
      const registry = new AuthenticatorRegistry();
      registry.register({ offeredBy: () => true, authenticate: () => Promise.reject(error) });
      return new AuthGuard(new Reflector(), registry);
    };
    const unavailable = new CacheUnavailableError(new Error('connection refused'));
    await expect(failing(unavailable).canActivate(contextFor('open', request('GET')))).rejects.toBe(unavailable);
    const req = request('GET');
    await expect(failing(new Error('not a session')).canActivate(contextFor('open', req))).resolves.toBe(true);
    expect(req.auth).toBeUndefined();
  });

  it('asks no authenticator, and passes without waiting, when a public handler is called without a credential', () => {
    const registry = new AuthenticatorRegistry();
    const authenticate = vi.fn(() => Promise.resolve(session));
    registry.register({ offeredBy: () => false, authenticate });
    const req = request('GET');
    expect(new AuthGuard(new Reflector(), registry).canActivate(contextFor('open', req))).toBe(true);
    expect(authenticate).not.toHaveBeenCalled();
    expect(req.auth).toBeUndefined();
  });

  it('denies handlers that declare nothing, even to a sysop', async () => {
    const sysop = { ...session, rights: new Set(Object.values(Right)) };
    expect(await refusal(() => guardFor(sysop).canActivate(contextFor('undeclared', request('GET'))))).toBe(
      CommonErrorCode.PermissionDenied,
    );
  });

  it('needs a caller on authorized handlers', async () => {
    for (const handler of ['reader', 'signOut'] as const) {
      expect(await refusal(() => guardFor(undefined).canActivate(contextFor(handler, request('GET'))))).toBe(
        CommonErrorCode.NotAuthenticated,
      );
    }
  });

  it('holds OAuth callers to the rights of their grants: an auth-only token holds none', async () => {
    const authOnly = guardFor({ ...session, via: 'oauth2', session: undefined, rights: new Set() });
    expect(await refusal(() => authOnly.canActivate(contextFor('reader', request('GET'))))).toBe(
      CommonErrorCode.PermissionDenied,
    );
    const reader = guardFor({ ...session, via: 'oauth1', session: undefined, rights: new Set([Right.Read]) });
    expect(await refusal(() => reader.canActivate(contextFor('reader', request('GET'))))).toBe('allowed');
  });

  it('keeps session-only handlers for cookie sessions', async () => {
    const bearer = guardFor({ ...session, via: 'oauth2', session: undefined });
    expect(await refusal(() => bearer.canActivate(contextFor('signOut', request('POST'))))).toBe(
      CommonErrorCode.PermissionDenied,
    );
    const post = request('POST', { 'x-csrf-token': 'csrf-token' });
    expect(await refusal(() => guardFor(session).canActivate(contextFor('signOut', post)))).toBe('allowed');
  });

  it('refuses a blocked account everywhere a caller is needed, and only there', async () => {
    const blocked = guardFor({ ...session, blocked: true });
    for (const handler of ['reader', 'signOut'] as const) {
      const post = request('POST', { 'x-csrf-token': 'csrf-token' });
      expect(await refusal(() => blocked.canActivate(contextFor(handler, post)))).toBe(CommonErrorCode.Blocked);
    }
    expect(await refusal(() => blocked.canActivate(contextFor('open', request('GET'))))).toBe('allowed');
  });

  it('needs every listed right', async () => {
    expect(await refusal(() => guardFor(session).canActivate(contextFor('admin', request('GET'))))).toBe(
      CommonErrorCode.PermissionDenied,
    );
  });

  it('needs the CSRF token on unsafe methods for cookie sessions only', async () => {
    const guard = guardFor(session);
    expect(await refusal(() => guard.canActivate(contextFor('reader', request('GET'))))).toBe('allowed');
    expect(await refusal(() => guard.canActivate(contextFor('reader', request('POST'))))).toBe(
      CommonErrorCode.CsrfFailed,
    );
    expect(
      await refusal(() => guard.canActivate(contextFor('reader', request('DELETE', { 'x-csrf-token': 'wrong' })))),
    ).toBe(CommonErrorCode.CsrfFailed);
    expect(
      await refusal(() => guard.canActivate(contextFor('reader', request('POST', { 'x-csrf-token': 'csrf-token' })))),
    ).toBe('allowed');
    const bearer = guardFor({ ...session, via: 'oauth2', session: undefined });
    expect(await refusal(() => bearer.canActivate(contextFor('reader', request('POST'))))).toBe('allowed');
  });
});
