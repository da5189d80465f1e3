import type { Deployment } from './deployment';
import type { Outcome } from './load';

/**
 * What the answers promised against what the database holds: every access token a 200 answer issued must have its
 * row, and every consumer a 201 answer proposed its `propose` line in the audit log (oauth_log).
 */
export async function missingRows(
  deployment: Deployment,
  outcomes: Outcome[],
): Promise<{ tokens: number; tokensMissing: string[]; proposals: number; auditMissing: string[] }> {
  const jtis = outcomes.flatMap((outcome) => (outcome.jti ? [outcome.jti] : []));
  const keys = outcomes.flatMap((outcome) => (outcome.consumerKey ? [outcome.consumerKey] : []));
  const stored = new Set<string>();
  for (const batch of chunks(jtis, 500)) {
    const rows = await deployment.query<{ identifier: string }>(
      'SELECT identifier FROM oauth2_access_tokens WHERE identifier IN (?)',
      [batch],
    );
    rows.forEach((row) => stored.add(row.identifier));
  }
  const audited = new Set<string>();
  for (const batch of chunks(keys, 500)) {
    const rows = await deployment.query<{ consumer_key: string }>(
      `SELECT c.consumer_key FROM oauth_log l JOIN oauth_registered_consumer c ON c.id = l.consumer_id
       WHERE l.action = 'propose' AND c.consumer_key IN (?)`,
      [batch],
    );
    rows.forEach((row) => audited.add(row.consumer_key));
  }
  return {
    tokens: jtis.length,
    tokensMissing: jtis.filter((jti) => !stored.has(jti)),
    proposals: keys.length,
    auditMissing: keys.filter((key) => !audited.has(key)),
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}
