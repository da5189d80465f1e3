import { CacheableMemory } from '@cacheable/memory';
import { MemoryTemporaryStore } from '../cache/memory-temporary-store';
import { sha256Hex } from '../common/crypto/crypto';
import type { AppConfig } from '../config/app-config';
import { SessionService } from './session.service';

const CLIENT = { ip: '192.0.2.1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' };

describe('SessionService', () => {
  const config = { oauth: { secretKey: 'k'.repeat(32) }, identity: { sessionTtl: 3600 } } as AppConfig;

  it('finds a session with the CSRF token it was created with, and keeps neither its id nor the token', async () => {
    const cache = new CacheableMemory();
    const sessions = new SessionService(new MemoryTemporaryStore(cache, 'test:'), config);
    const session = await sessions.create(7, ['pwd'], CLIENT);
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    expect(session.csrfToken).toMatch(/^[0-9a-f]{32}$/);
    expect(await sessions.find(session.id)).toEqual(session);

    const contents = JSON.stringify([...cache.items]);
    expect(contents).not.toContain(session.id);
    expect(contents).not.toContain(session.csrfToken);
  });

  it('gives every session its own CSRF token, which another server key cannot compute', async () => {
    const store = new MemoryTemporaryStore(new CacheableMemory(), 'test:');
    const sessions = new SessionService(store, config);
    const [first, second] = [await sessions.create(7, ['pwd'], CLIENT), await sessions.create(7, ['pwd'], CLIENT)];
    expect(first.csrfToken).not.toBe(second.csrfToken);
    const elsewhere = new SessionService(store, { ...config, oauth: { secretKey: 'x'.repeat(32) } } as AppConfig);
    expect((await elsewhere.find(first.id))?.csrfToken).not.toBe(first.csrfToken);
  });

  it('records when and how the user signed in, and names the session by a sid that reveals nothing of its id', async () => {
    const sessions = new SessionService(new MemoryTemporaryStore(new CacheableMemory(), 'test:'), config);
    const before = Math.floor(Date.now() / 1000);
    const session = await sessions.create(7, ['pwd'], CLIENT);
    const found = await sessions.find(session.id);
    expect(found?.authTime).toBeGreaterThanOrEqual(before);
    expect(found?.amr).toEqual(['pwd']);
    expect(found?.sid).toMatch(/^[0-9a-f]{32}$/);
    expect(found?.sid).toBe(sessions.sidOf(session.id));
    expect(session.id).not.toContain(found?.sid);
  });

  it('forgets a destroyed session', async () => {
    const sessions = new SessionService(new MemoryTemporaryStore(new CacheableMemory(), 'test:'), config);
    const session = await sessions.create(7, ['pwd'], CLIENT);
    await sessions.destroy(session);
    expect(await sessions.find(session.id)).toBeUndefined();
  });

  it("lists the user's sessions, where they came from, and ends one by its sid", async () => {
    const sessions = new SessionService(new MemoryTemporaryStore(new CacheableMemory(), 'test:'), config);
    const laptop = await sessions.create(7, ['pwd'], CLIENT);
    const phone = await sessions.create(7, ['pwd'], { ip: '198.51.100.2', userAgent: 'x'.repeat(500) });
    await sessions.create(8, ['pwd'], CLIENT);
    const listed = await sessions.list(7);
    expect(listed.map((session) => session.sid).sort()).toEqual([laptop.sid, phone.sid].sort());
    expect(listed.find((session) => session.sid === laptop.sid)).toMatchObject(CLIENT);
    expect(listed.find((session) => session.sid === phone.sid)?.userAgent).toHaveLength(200);
    expect(await sessions.end(7, phone.sid)).toBe(true);
    expect(await sessions.end(8, laptop.sid)).toBe(false);
    expect(await sessions.find(phone.id)).toBeUndefined();
    expect((await sessions.list(7)).map((session) => session.sid)).toEqual([laptop.sid]);
  });

  it('drops index entries of sessions that expired', async () => {
    const store = new MemoryTemporaryStore(new CacheableMemory(), 'test:');
    const sessions = new SessionService(store, config);
    const session = await sessions.create(7, ['pwd'], CLIENT);
    await store.delete(`session:${sha256Hex(session.id)}`);
    expect(await sessions.list(7)).toEqual([]);
    expect(await sessions.sidsOf(7)).toEqual([]);
  });
});
