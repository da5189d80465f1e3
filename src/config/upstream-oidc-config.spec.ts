import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { configProblems } from '../../test/support/config-problems';
import { loadConfig } from './load-config';

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-upstream-config-'));
const corp = { name: 'corp', displayName: 'Corp SSO', issuer: 'https://sso.example.com', clientId: 'gatehouse' };

function problemsOf(providers: unknown): string[] {
  return configProblems(() => loadConfig({ DATA_DIR: dataDir, UPSTREAM_OIDC_PROVIDERS: JSON.stringify(providers) }));
}

describe('UPSTREAM_OIDC_PROVIDERS', () => {
  it('is an empty list when unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).upstreamOidc).toEqual([]);
  });

  it('has defaults for scopes and claims, and reads a secret from a file', () => {
    const secretFile = join(dataDir, 'secret');
    writeFileSync(secretFile, 's3cret\n');
    const env = {
      DATA_DIR: dataDir,
      UPSTREAM_OIDC_PROVIDERS: JSON.stringify([{ ...corp, clientSecretFile: secretFile }]),
    };
    expect(loadConfig(env).upstreamOidc).toEqual([
      {
        ...corp,
        clientSecret: 's3cret',
        scopes: ['openid', 'profile', 'email'],
        claims: { name: 'preferred_username', email: 'email', realName: 'name', groups: 'groups' },
        groupMap: {},
        backchannelLogoutRevokesTokens: false,
      },
    ]);
  });

  it('reads backchannelLogoutRevokesTokens per provider, off unless set to true', () => {
    const providers = [
      { ...corp, clientSecret: 'x', backchannelLogoutRevokesTokens: true },
      { ...corp, name: 'hr', clientSecret: 'y', backchannelLogoutRevokesTokens: false },
      { ...corp, name: 'lab', clientSecret: 'z' },
    ];
    const env = { DATA_DIR: dataDir, UPSTREAM_OIDC_PROVIDERS: JSON.stringify(providers) };
    expect(loadConfig(env).upstreamOidc.map((one) => one.backchannelLogoutRevokesTokens)).toEqual([true, false, false]);
  });

  it.each([
    ['not JSON', '{', /UPSTREAM_OIDC_PROVIDERS is not valid JSON/],
    ['not a list', { ...corp }, /must be a JSON array/],
    ['no secret', [corp], /provider corp: needs exactly one of clientSecret and clientSecretFile/],
    ['both secrets', [{ ...corp, clientSecret: 'x', clientSecretFile: '/x' }], /exactly one of/],
    ['a missing secret file', [{ ...corp, clientSecretFile: '/nowhere/secret' }], /does not exist/],
    ['a bad name', [{ ...corp, name: 'Corp SSO', clientSecret: 'x' }], /name must be/],
    ['http off loopback', [{ ...corp, issuer: 'http://sso.example.com', clientSecret: 'x' }], /https URL/],
    ['an issuer with a query', [{ ...corp, issuer: 'https://sso.example.com/?a=b', clientSecret: 'x' }], /no query/],
    ['no openid scope', [{ ...corp, clientSecret: 'x', scopes: ['profile'] }], /scopes must include openid/],
    ['an unknown claim field', [{ ...corp, clientSecret: 'x', claims: { phone: 'phone' } }], /unknown field "phone"/],
    ['a bad group', [{ ...corp, clientSecret: 'x', groupMap: { admins: 'no spaces' } }], /not a group name/],
    ['an unknown field', [{ ...corp, clientSecret: 'x', tenant: 'y' }], /unknown field "tenant"/],
    [
      'a revocation flag that is not a boolean',
      [{ ...corp, clientSecret: 'x', backchannelLogoutRevokesTokens: 'yes' }],
      /provider corp: backchannelLogoutRevokesTokens must be true or false/,
    ],
    [
      'a name twice',
      [
        { ...corp, clientSecret: 'x' },
        { ...corp, clientSecret: 'y' },
      ],
      /names the provider corp twice/,
    ],
  ])('stops start-up on %s, naming the variable', (_case, providers, problem) => {
    const problems = typeof providers === 'string' ? problemsOfText(providers) : problemsOf(providers);
    expect(problems.join('\n')).toMatch(problem);
    expect(problems.join('\n')).toMatch(/^UPSTREAM_OIDC_PROVIDERS /);
  });

  it('never echoes a secret in its complaint', () => {
    const problems = problemsOf([{ ...corp, clientSecret: 'hunter2-secret', scopes: ['profile'] }]);
    expect(problems.join('\n')).not.toContain('hunter2-secret');
  });
});

function problemsOfText(text: string): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir, UPSTREAM_OIDC_PROVIDERS: text });
  } catch (error) {
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}
