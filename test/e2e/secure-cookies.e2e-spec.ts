import supertest from 'supertest';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';

type Headers = Record<string, string | string[] | undefined>;

/** Every cookie an answer sets, by name, with its attributes. */
function cookiesOf(response: { headers: Headers }): Map<string, string> {
  const lines = [response.headers['set-cookie'] ?? []].flat();
  return new Map(lines.map((line) => [line.slice(0, line.indexOf('=')), line]));
}

/**
 * Behind an https public URL every cookie is `Secure` (RFC 6265 §4.1.2.5), so a browser never sends the session or
 * the login form's CSRF cookie over plain http; and `HttpOnly` and `SameSite=Lax` as always. The test still talks
 * plain http to the port, as a TLS-terminating proxy does.
 */
describe('cookies under an https public URL', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp({ env: { PUBLIC_URL: 'https://gatehouse.example' } });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const expectSecure = (cookies: Map<string, string>, names: string[]) => {
    expect([...cookies.keys()].sort()).toEqual([...names].sort());
    for (const [name, line] of cookies) {
      expect(line, name).toMatch(/;\s*Secure(;|$)/i);
      expect(line, name).toMatch(/;\s*HttpOnly(;|$)/i);
      expect(line, name).toMatch(/;\s*SameSite=Lax(;|$)/i);
    }
  };

  it('sets and clears the login form cookie and the session cookie as Secure', async () => {
    const page = await gatehouse.http().get('/login').expect(200);
    const pageCookies = cookiesOf(page);
    expectSecure(pageCookies, ['gatehouse_login_csrf']);
    const csrf = /name="csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
    const loginCookie = (pageCookies.get('gatehouse_login_csrf') ?? '').split(';')[0];

    const refused = await gatehouse
      .http()
      .post('/login')
      .set('Cookie', loginCookie)
      .type('form')
      .send({ username: ADMIN.username, password: 'wrong', csrf })
      .expect(401);
    expectSecure(cookiesOf(refused), ['gatehouse_login_csrf']);

    const signedIn = await gatehouse
      .http()
      .post('/login')
      .set('Cookie', loginCookie)
      .type('form')
      .send({ username: ADMIN.username, password: ADMIN.password, csrf })
      .expect(303);
    const cookies = cookiesOf(signedIn);
    expectSecure(cookies, ['gatehouse_login_csrf', 'gatehouse_session']);
    expect(cookies.get('gatehouse_login_csrf')).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('sets and clears the session cookie of the JSON API as Secure', async () => {
    const login = await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: ADMIN.username, password: ADMIN.password })
      .expect(200);
    const cookies = cookiesOf(login);
    expectSecure(cookies, ['gatehouse_session']);
    const session = (cookies.get('gatehouse_session') ?? '').split(';')[0];
    const logout = await supertest(gatehouse.url)
      .post('/api/auth/logout')
      .set({ Cookie: session, 'X-CSRF-Token': login.body.csrfToken as string })
      .expect(204);
    expectSecure(cookiesOf(logout), ['gatehouse_session']);
  });
});
