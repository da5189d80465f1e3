import type { QueryRunner } from 'typeorm';
import { UserNameSkeletons1795635000000 } from '../../migrations/1795635000000-UserNameSkeletons';
import { userNameSkeleton } from '../../src/identity/user-name-skeleton';
import { type SignedIn, signIn } from './support/session-client';
import { type MigrationRunner, openMigrationRunner } from './support/migration-runner';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';

/**
 * The migration that adds name skeletons to a database that already has accounts, some of which look alike (made
 * before the rule): each gets its skeleton but a later look-alike, and nothing else about the accounts changes.
 */
describe('the user-name skeleton migration', () => {
  let gatehouse: TestApp;
  let runner: QueryRunner;
  let migrations: MigrationRunner;
  let admin: SignedIn;
  const migration = new UserNameSkeletons1795635000000();

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    migrations = await openMigrationRunner(gatehouse);
    runner = migrations.runner;
  });

  afterAll(async () => {
    await migrations.close();
    await gatehouse.close();
  });

  it('backfills existing accounts, keeps their groups, and leaves a later look-alike without a skeleton', async () => {
    await migrations.migrate((queryRunner) => migration.down(queryRunner));
    const insert = 'INSERT INTO users (name, email, registered_at) VALUES (?, ?, ?)';
    for (const name of ['Bob', 'B0b']) {
      await runner.query(insert, [name, '', '2026-01-01 00:00:00']);
    }
    const [bob] = (await runner.query('SELECT id FROM users WHERE name = ?', ['Bob'])) as { id: number }[];
    await runner.query('INSERT INTO user_groups (user_id, group_name) VALUES (?, ?)', [bob.id, 'oauthadmin']);

    await migrations.migrate((queryRunner) => migration.up(queryRunner));

    const rows = (await runner.query('SELECT name, name_skeleton FROM users ORDER BY id')) as {
      name: string;
      name_skeleton: string | null;
    }[];
    expect(rows).toEqual([
      { name: 'Admin', name_skeleton: userNameSkeleton('Admin') },
      { name: 'Bob', name_skeleton: userNameSkeleton('Bob') },
      { name: 'B0b', name_skeleton: null },
    ]);
    const groups = (await runner.query('SELECT group_name FROM user_groups WHERE user_id = ?', [bob.id])) as {
      group_name: string;
    }[];
    expect(groups).toEqual([{ group_name: 'oauthadmin' }]);
  });

  it('then refuses new look-alikes of the accounts it backfilled', async () => {
    const create = (name: string) =>
      admin.agent
        .post('/api/admin/users')
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ name, password: 'a-good-password-1', email: 'new@example.com' });
    expect((await create('BOB').expect(409)).body.message).toContain('Bob');
    expect((await create('\uff21dmin').expect(409)).body.message).toContain('Admin');
    await create('Carol').expect(201);
  });
});
