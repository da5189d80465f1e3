import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

const base = { DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-rate-limits-')) };

describe('RATE_LIMIT_* configuration', () => {
  it('has a generous default for every door', () => {
    expect(loadConfig(base).rateLimits).toEqual({
      token: [{ count: 300, seconds: 60 }],
      introspection: [{ count: 300, seconds: 60 }],
      revocation: [{ count: 300, seconds: 60 }],
      'device-authorization': [{ count: 60, seconds: 60 }],
      par: [{ count: 600, seconds: 60 }],
      oauth1: [{ count: 600, seconds: 60 }],
      login: [{ count: 120, seconds: 60 }],
      registration: [{ count: 300, seconds: 3600 }],
    });
  });

  it('reads several limits for a door, and `off` for none', () => {
    const { rateLimits } = loadConfig({ ...base, RATE_LIMIT_LOGIN: '10/PT1M,100/PT1H', RATE_LIMIT_TOKEN: 'off' });
    expect(rateLimits.login).toEqual([
      { count: 10, seconds: 60 },
      { count: 100, seconds: 3600 },
    ]);
    expect(rateLimits.token).toEqual([]);
  });

  it('stops start-up on a malformed limit, naming the variable', () => {
    expect(() => loadConfig({ ...base, RATE_LIMIT_PAR: '10 per minute' })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, RATE_LIMIT_PAR: '0/PT1M' });
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(
        /RATE_LIMIT_PAR must be off or a comma-separated list/,
      );
    }
  });
});
