import { ADMIN, type TestApp } from './test-app';
import { type SignedIn, signIn } from './session-client';

/** Creates an account through the admin API (as the bootstrap admin) and signs it in. */
export async function createSignedInUser(
  gatehouse: Pick<TestApp, 'url'>,
  name: string,
  options: { groups?: string[]; emailConfirmed?: boolean } = {},
): Promise<SignedIn & { email: string }> {
  const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  const email = `${name.toLowerCase()}@example.com`;
  const password = `${name}-password-1`;
  await admin.agent
    .post('/api/admin/users')
    .set('X-CSRF-Token', admin.csrfToken)
    .send({ name, password, email, groups: options.groups ?? [], emailConfirmed: options.emailConfirmed ?? true })
    .expect(201);
  return { ...(await signIn(gatehouse, name, password)), email };
}
