import type { DataSource, EntityManager } from 'typeorm';
import { isBackendUnavailable } from '../common/errors/backend-unavailable';

/**
 * Runs `read` on a replica (`DATABASE_REPLICA_URLS`) when there is one. Only for reads whose answer may be a moment
 * old: listings, public pages, the consumer directory. A read that decides access (token and revocation state,
 * consumption, client authentication, rights) never comes here: every other query goes to the primary
 * (`defaultMode: 'master'` in data-source-options), where a revocation is seen the moment it commits.
 * A replica that cannot be reached does not take the listings down with it: the read then goes to the primary.
 */
export async function readsThatMayLag<T>(
  dataSource: DataSource,
  read: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!dataSource.driver.isReplicated) {
    return read(dataSource.manager);
  }
  const replica = dataSource.createQueryRunner('slave');
  try {
    await replica.connect();
  } catch (error) {
    await replica.release();
    if (!isBackendUnavailable(error)) {
      throw error;
    }
    return read(dataSource.manager);
  }
  try {
    return await read(replica.manager);
  } finally {
    await replica.release();
  }
}
