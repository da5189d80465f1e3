import { INPUT_LIMITS } from './input-limits';
import { JsonShapeError, checkJsonShape } from './json-shape';

function shape(text: string): string {
  try {
    checkJsonShape(Buffer.from(text));
    return 'ok';
  } catch (error) {
    return error instanceof JsonShapeError ? error.message : 'other';
  }
}

describe('checkJsonShape', () => {
  it('takes ordinary bodies', () => {
    expect(shape('{"username":"Alice","grants":["basic"],"restrictions":{"ipAddresses":["10.0.0.0/8"]}}')).toBe('ok');
    expect(shape('[1,2,{"a":[{}]}]')).toBe('ok');
  });

  it('refuses nesting past the limit, arrays and objects alike, before any parse', () => {
    const limit = INPUT_LIMITS.jsonDepth;
    expect(shape('['.repeat(limit) + ']'.repeat(limit))).toBe('ok');
    expect(shape('['.repeat(limit + 1) + ']'.repeat(limit + 1))).toContain('nested deeper');
    expect(shape('{"a":'.repeat(limit + 1))).toContain('nested deeper');
    expect(shape('['.repeat(5000))).toContain('nested deeper');
  });

  it('does not count brackets, colons or escaped quotes inside strings', () => {
    const deepLooking = JSON.stringify({ text: '[[[[{{{{:::\\"'.repeat(200) });
    expect(shape(deepLooking)).toBe('ok');
  });

  it('refuses too many object members, at any level', () => {
    const members = (count: number) => `{${Array.from({ length: count }, (_, i) => `"k${i}":1`).join(',')}}`;
    expect(shape(members(INPUT_LIMITS.jsonKeys))).toBe('ok');
    expect(shape(members(INPUT_LIMITS.jsonKeys + 1))).toContain('object members');
    expect(shape(`[${members(600)},${members(600)}]`)).toContain('object members');
  });

  it('refuses a string longer than the limit, also an unterminated one', () => {
    expect(shape(JSON.stringify({ a: 'x'.repeat(INPUT_LIMITS.jsonStringBytes) }))).toBe('ok');
    expect(shape(JSON.stringify({ a: 'x'.repeat(INPUT_LIMITS.jsonStringBytes + 1) }))).toContain('longer than');
    expect(shape(`{"a":"${'x'.repeat(INPUT_LIMITS.jsonStringBytes + 1)}`)).toContain('longer than');
  });
});
