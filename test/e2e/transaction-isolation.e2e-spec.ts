import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import { ConsumerRepository } from '../../src/consumers/consumer.repository';
import { ConsumerEntity } from '../../src/consumers/consumer.entity';
import { type Oauth2Client, postForm, registerOauth2Client } from './support/oauth2-client';
import type { SignedIn } from './support/session-client';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/**
 * A transaction that fails takes nothing of other requests with it (on SQLite they share the one connection): while a
 * consumer proposal with a duplicate name is open and then rolled back, every token answered 200 stays active.
 */
describe('A rolled-back transaction and the requests served meanwhile', () => {
  let gatehouse: TestApp;
  let dev: SignedIn & { email: string };
  let service: Oauth2Client;

  /** Holds the next consumer INSERT inside its transaction until `release`; `reached` settles once it is held. */
  const holdNextConsumerInsert = () => {
    let reached!: () => void;
    let release!: () => void;
    const held = { reached: new Promise<void>((resolve) => (reached = resolve)), release: () => release() };
    const gate = new Promise<void>((resolve) => (release = resolve));
    let armed = true;
    const subscriber: EntitySubscriberInterface<ConsumerEntity> = {
      listenTo: () => ConsumerEntity,
      beforeInsert: () => {
        if (!armed) {
          return;
        }
        armed = false;
        reached();
        return gate;
      },
    };
    gatehouse.app.get(DataSource).subscribers.push(subscriber);
    return held;
  };

  const propose = (name: string) =>
    dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        oauthVersion: 2,
        name,
        version: '1.0',
        description: 'A duplicate in the making',
        callbackUrl: 'https://app.example/callback',
        email: dev.email,
        grants: ['basic'],
      });

  const token = () => postForm(gatehouse, '/oauth2/token', { grant_type: 'client_credentials' }, service);
  const active = async (accessToken: string): Promise<boolean> => {
    const answer = await postForm(gatehouse, '/oauth2/introspect', { token: accessToken }, service).expect(200);
    return (answer.body as { active: boolean }).active;
  };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Isolationdev');
    service = await registerOauth2Client(dev, admin, {
      name: 'Isolation service',
      grants: ['basic', 'introspect'],
      grantTypes: ['client_credentials'],
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('keeps every token issued while a duplicate proposal was open, and refuses the duplicate', async () => {
    await propose('Twice proposed').expect(201);
    // The second of two concurrent proposals: it passed the duplicate check before the first was written.
    vi.spyOn(gatehouse.app.get(ConsumerRepository), 'findByNameAndOwner').mockResolvedValueOnce([]);
    const held = holdNextConsumerInsert();
    const duplicate = propose('Twice proposed').then((response) => response);
    await held.reached;

    const tokens = Array.from({ length: 20 }, () => token().then((response) => response));
    // On MariaDB (and on SQLite before the fix) the tokens are answered while the proposal is held; with the fix on
    // SQLite they wait for it. Either way the proposal is let go after they are answered or after a while.
    await Promise.race([Promise.all(tokens), new Promise((resolve) => setTimeout(resolve, 1000))]);
    held.release();

    expect((await duplicate).status).toBe(409);
    const answered = (await Promise.all(tokens)).filter((response) => response.status === 200);
    expect(answered).toHaveLength(20);
    for (const response of answered) {
      expect(await active((response.body as { access_token: string }).access_token)).toBe(true);
    }
  });
});
