import { loadConfig } from './load-config';
import { isResourceIndicator, parseProtectedResources, resourcePath } from './protected-resources';

describe('PROTECTED_RESOURCES', () => {
  it('reads resources with their names and grants', () => {
    const value = JSON.stringify([{ resource: 'https://mcp.example/tools/', name: 'Tools', grants: ['basic'] }]);
    expect(parseProtectedResources(value)).toEqual([
      { resource: 'https://mcp.example/tools/', name: 'Tools', grants: ['basic'] },
    ]);
    expect(parseProtectedResources(undefined)).toEqual([]);
  });

  it.each([
    ['not JSON', '[{'],
    ['not an array', '{}'],
    ['a fragment', '[{"resource":"https://a.example/x#y","name":"A","grants":[]}]'],
    ['a relative resource', '[{"resource":"/x","name":"A","grants":[]}]'],
    ['no name', '[{"resource":"https://a.example/x","grants":[]}]'],
    ['bad grants', '[{"resource":"https://a.example/x","name":"A","grants":"basic"}]'],
    ['an unknown field', '[{"resource":"https://a.example/x","name":"A","grants":[],"scopes":[]}]'],
    [
      'two resources on one path',
      '[{"resource":"https://a.example/x","name":"A","grants":[]},{"resource":"https://b.example/x/","name":"B","grants":[]}]',
    ],
  ])('stops start-up on %s, naming the variable', (_case, value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', PROTECTED_RESOURCES: value })).toThrow(/PROTECTED_RESOURCES/);
  });

  it('takes absolute URIs without fragment as resource indicators (RFC 8707 §2)', () => {
    expect(isResourceIndicator('https://a.example/x?y=1')).toBe(true);
    expect(isResourceIndicator('urn:example:resource')).toBe(true);
    expect(isResourceIndicator('https://a.example/x#')).toBe(false);
    expect(isResourceIndicator('//a.example/x')).toBe(false);
    expect(isResourceIndicator('https://a.example/\u00e9')).toBe(false);
  });

  it('serves each document under the path of its resource', () => {
    expect(resourcePath('https://a.example/mcp/')).toBe('/mcp');
    expect(resourcePath('https://a.example')).toBe('');
  });
});
