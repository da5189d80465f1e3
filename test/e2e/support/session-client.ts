import supertest from 'supertest';
import type { TestApp } from './test-app';

/** A signed-in caller: an agent that keeps the session cookie, plus the CSRF token to echo. */
export interface SignedIn {
  agent: ReturnType<typeof supertest.agent>;
  csrfToken: string;
  user: { id: number; name: string; groups: string[]; rights: string[] };
}

export async function signIn(testApp: Pick<TestApp, 'url'>, username: string, password: string): Promise<SignedIn> {
  const agent = supertest.agent(testApp.url);
  const response = await agent.post('/api/auth/login').send({ username, password }).expect(200);
  const body = response.body as { csrfToken: string; user: SignedIn['user'] };
  return { agent, csrfToken: body.csrfToken, user: body.user };
}
