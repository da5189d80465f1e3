import { generateKeyPairSync } from 'node:crypto';
import { type KeyRecord, keyRingAt } from './key-ring';

const HOUR = 3600;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

function key(kid: string, fields: Partial<KeyRecord> = {}): KeyRecord {
  const pair = generateKeyPairSync('ed25519');
  return {
    kid,
    alg: 'EdDSA',
    source: 'database',
    jwk: { kid },
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
    createdAt: at(0),
    ...fields,
  };
}

const configured = (kid: string, fields: Partial<KeyRecord> = {}) =>
  key(kid, { source: 'configured', createdAt: undefined, ...fields });

function states(records: KeyRecord[], seconds: number, lifetime = HOUR) {
  const ring = keyRingAt(records, at(seconds), lifetime);
  return {
    signer: ring.signer?.kid,
    states: Object.fromEntries(ring.statuses.map((status) => [status.record.kid, status.state])),
    published: ring.statuses.filter((status) => status.published).map((status) => status.record.kid),
    nextChange: ring.nextChange,
    status: (kid: string) => ring.statuses.find((status) => status.record.kid === kid),
  };
}

describe('keyRingAt', () => {
  it('signs with the configured key alone, for ever, as before keys were stored', () => {
    const ring = states([configured('file'), configured('extra', { privateKey: undefined })], 0);
    expect(ring).toMatchObject({
      signer: 'file',
      states: { file: 'active', extra: 'published' },
      nextChange: Infinity,
    });
    expect(ring.published).toEqual(['file', 'extra']);
  });

  it('publishes a rotated key at once, signs with it after the delay, then retires the one it took over from', () => {
    const records = [configured('file'), key('next', { activatesAt: at(600) })];
    const before = states(records, 599);
    expect(before).toMatchObject({
      signer: 'file',
      states: { file: 'active', next: 'published' },
      nextChange: 600_000 + at(0).getTime(),
    });
    expect(before.published).toEqual(['file', 'next']);
    expect(before.status('file')?.retiredAt).toEqual(at(600));

    const after = states(records, 600);
    expect(after).toMatchObject({ signer: 'next', states: { file: 'retired', next: 'active' } });
    expect(after.status('file')?.removeAfter).toEqual(at(600 + HOUR));
    expect(after.published).toEqual(['file', 'next']);

    const later = states(records, 600 + HOUR);
    expect(later.published).toEqual(['next']);
    expect(later.states.file).toBe('retired');
  });

  it('hands over along several rotations in the order of activation, not of creation', () => {
    const records = [
      configured('file'),
      key('late', { activatesAt: at(900), createdAt: at(1) }),
      key('early', { activatesAt: at(300), createdAt: at(2) }),
    ];
    expect(states(records, 300).signer).toBe('early');
    const ring = states(records, 900);
    expect(ring).toMatchObject({ signer: 'late', states: { file: 'retired', early: 'retired', late: 'active' } });
    expect(ring.status('early')?.removeAfter).toEqual(at(900 + HOUR));
  });

  it('stops signing with a retired key at once and keeps it published until its tokens have expired', () => {
    const records = [
      configured('file'),
      key('next', { activatesAt: at(0), retiredAt: at(100) }),
      key('third', { activatesAt: at(100) }),
    ];
    const ring = states(records, 100);
    expect(ring).toMatchObject({ signer: 'third', states: { next: 'retired' } });
    expect(ring.status('next')?.removeAfter).toEqual(at(100 + HOUR));
    expect(states(records, 100 + HOUR - 1).published).toContain('next');
    expect(states(records, 100 + HOUR).published).not.toContain('next');
  });

  it('drops at once a key retired before it ever signed, and the key it was to replace keeps signing', () => {
    const records = [configured('file'), key('aborted', { activatesAt: at(600), retiredAt: at(60) })];
    const ring = states(records, 60);
    expect(ring).toMatchObject({ signer: 'file', states: { file: 'active', aborted: 'retired' } });
    expect(ring.published).toEqual(['file']);
    expect(ring.status('file')?.retiredAt).toBeUndefined();
    expect(ring.status('aborted')?.removeAfter).toEqual(at(60));
    expect(states(records, 600).signer).toBe('file');
  });

  it('retires a configured key by a stored retirement, keeping it as long as its tokens may live', () => {
    const records = [configured('file', { retiredAt: at(50) }), key('next', { activatesAt: at(50) })];
    const ring = states(records, 50);
    expect(ring).toMatchObject({ signer: 'next', states: { file: 'retired' } });
    expect(ring.status('file')?.removeAfter).toEqual(at(50 + HOUR));
  });

  it('leaves nothing to sign when the only signing key is retired', () => {
    expect(states([configured('file', { retiredAt: at(10) })], 10).signer).toBeUndefined();
  });

  it('keeps a retired key published for ever when tokens never expire', () => {
    const records = [configured('file'), key('next', { activatesAt: at(10) })];
    const ring = states(records, 10 + 1000 * HOUR, Infinity);
    expect(ring.published).toEqual(['file', 'next']);
    expect(ring.status('file')).toMatchObject({ state: 'retired', removeAfter: undefined });
  });
});
