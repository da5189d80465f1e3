import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from '../../test/support/config-problems';
import { loadConfig } from './load-config';

const base = { DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-dynamic-registration-')) };

function problemsOf(env: Record<string, string>): string[] {
  return configProblems(() => loadConfig({ ...base, ...env }));
}

describe('DYNAMIC_REGISTRATION configuration', () => {
  it('puts registrations under review by default, open ones within basic', () => {
    expect(loadConfig(base).dynamicRegistration).toEqual({ mode: 'review', grants: ['basic'], resources: [] });
  });

  it('reads the mode and the grants of open registrations', () => {
    const config = loadConfig({
      ...base,
      DYNAMIC_REGISTRATION: 'open',
      DYNAMIC_REGISTRATION_GRANTS: 'basic, editpage',
    });
    expect(config.dynamicRegistration).toEqual({ mode: 'open', grants: ['basic', 'editpage'], resources: [] });
    expect(loadConfig({ ...base, DYNAMIC_REGISTRATION: 'off' }).dynamicRegistration.mode).toBe('off');
  });

  it('reads resource URLs among the grants, each one of PROTECTED_RESOURCES', () => {
    const tools = 'https://mcp.example.com/tools';
    const env = {
      DYNAMIC_REGISTRATION_GRANTS: `basic, ${tools}`,
      PROTECTED_RESOURCES: JSON.stringify([{ resource: tools, name: 'Tools', grants: ['basic'] }]),
    };
    expect(loadConfig({ ...base, ...env }).dynamicRegistration).toMatchObject({
      grants: ['basic'],
      resources: [tools],
    });
    const unfronted = problemsOf({ ...env, DYNAMIC_REGISTRATION_GRANTS: 'basic,https://elsewhere.example/api' });
    expect(unfronted.join()).toContain('DYNAMIC_REGISTRATION_GRANTS');
    expect(unfronted.join()).toContain('https://elsewhere.example/api');
  });

  it('stops start-up naming the variable for a bad mode or grant list', () => {
    expect(problemsOf({ DYNAMIC_REGISTRATION: 'anyone' }).join()).toContain('DYNAMIC_REGISTRATION');
    expect(problemsOf({ DYNAMIC_REGISTRATION_GRANTS: 'basic;drop' }).join()).toContain('DYNAMIC_REGISTRATION_GRANTS');
  });

  it('refuses open registration where public clients may skip PKCE', () => {
    const problems = problemsOf({
      DYNAMIC_REGISTRATION: 'open',
      OAUTH2_REQUIRE_CODE_CHALLENGE_FOR_PUBLIC_CLIENTS: 'false',
    });
    expect(problems.join()).toContain('DYNAMIC_REGISTRATION');
    expect(problems.join()).toContain('OAUTH2_REQUIRE_CODE_CHALLENGE_FOR_PUBLIC_CLIENTS');
  });
});
