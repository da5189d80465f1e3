import { SESSION_COOKIE } from '../../../src/identity/session-cookie';
import { SessionService } from '../../../src/identity/session.service';
import { type SignedIn, signIn } from '../../e2e/support/session-client';
import { ADMIN, type TestApp, startTestApp } from '../../e2e/support/test-app';
import { freePort } from '../../e2e/support/test-environment';
import { createSignedInUser } from '../../e2e/support/users';

export const GATEWAY_KEY = 'gateway-key-for-the-fuzz-suite-0123456789';

/** Who a fuzz request is sent as. */
export type CallerKind = 'anonymous' | 'user' | 'admin';

export interface FuzzApp {
  gatehouse: TestApp;
  /** The dedicated gateway listener (GATEWAY_PORT). */
  gatewayUrl: string;
  /** The cookie and CSRF token of a fresh session, so that a fuzzed sign-out ends no other request's session. */
  sessionOf: (
    caller: Exclude<CallerKind, 'anonymous'>,
  ) => Promise<{ cookie: string; csrfToken: string; end: () => Promise<void> }>;
  userIds: Record<Exclude<CallerKind, 'anonymous'>, number>;
  /** The bootstrap admin and the plain user, signed in, for the set-up of credentials. */
  bootstrapAdmin: SignedIn;
  user: SignedIn & { email: string };
}

/**
 * The service as the fuzz suite attacks it: both gateway doors open, and two accounts of its own (a plain user and
 * a sysop), so that a fuzzed admin call that blocks or renames an account never touches the bootstrap admin the
 * set-up needs.
 */
export async function startFuzzApp(): Promise<FuzzApp> {
  const gatewayPort = await freePort();
  const gatehouse = await startTestApp({
    env: { GATEWAY_PORT: String(gatewayPort), GATEWAY_KEYS: GATEWAY_KEY, TRUST_PROXY: 'loopback' },
  });
  const bootstrapAdmin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  const user = await createSignedInUser(gatehouse, 'Fuzzuser');
  const admin = await createSignedInUser(gatehouse, 'Fuzzadmin', { groups: ['sysop'] });
  const userIds = { user: user.user.id, admin: admin.user.id };
  const sessions = gatehouse.app.get(SessionService);
  return {
    gatehouse,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    userIds,
    bootstrapAdmin,
    user,
    sessionOf: async (caller) => {
      const session = await sessions.create(userIds[caller], ['pwd'], { ip: '127.0.0.1', userAgent: 'fuzz' });
      // Ended after its request, so that the RSS figure measures the service and not the suite's own sessions.
      const end = () => sessions.destroy({ id: session.id, userId: userIds[caller] });
      return { cookie: `${SESSION_COOKIE}=${session.id}`, csrfToken: session.csrfToken, end };
    },
  };
}
