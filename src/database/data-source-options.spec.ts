import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from './data-source-options';

describe('dataSourceOptions', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-db-'));
  const base = { DATA_DIR: dataDir, OAUTH_SECRET_KEY: 'k'.repeat(32) };

  it('uses better-sqlite3 by default, never synchronize, with every migration', () => {
    const options = dataSourceOptions(loadConfig({ ...base, DATABASE_URL: `sqlite:${dataDir}/sub/db.sqlite` }));
    expect(options).toMatchObject({ type: 'better-sqlite3', database: `${dataDir}/sub/db.sqlite`, synchronize: false });
    expect(options.migrations).toEqual(MIGRATIONS);
  });

  it('uses mysql2 for MariaDB URLs, in UTC and utf8mb4', () => {
    const options = dataSourceOptions(loadConfig({ ...base, DATABASE_URL: 'mariadb://root@127.0.0.1:3306/test' }));
    expect(options).toMatchObject({
      type: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/test',
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      synchronize: false,
    });
  });

  it('with replicas, sends everything to the primary unless a read asks for a replica, and never drops a server', () => {
    const options = dataSourceOptions(
      loadConfig({
        ...base,
        DATABASE_URL: 'mysql://root@127.0.0.1:3306/test',
        DATABASE_REPLICA_URLS: 'mysql://reader@127.0.0.2:3306/test',
      }),
    );
    expect(options).toMatchObject({
      type: 'mysql',
      replication: {
        master: { url: 'mysql://root@127.0.0.1:3306/test' },
        slaves: [{ url: 'mysql://reader@127.0.0.2:3306/test' }],
        defaultMode: 'master',
        restoreNodeTimeout: 1000,
      },
    });
    expect(options).not.toHaveProperty('url');
  });
});
