import { CacheableMemory } from '@cacheable/memory';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { MemoryTemporaryStore } from '../../cache/memory-temporary-store';
import type { AppConfig } from '../../config/app-config';
import { IdentityErrorCode } from '../identity.exception';
import type { SecondFactorRepository } from './second-factor.repository';
import { WebauthnService } from './webauthn.service';

vi.mock('@simplewebauthn/server', async (original) => ({
  ...(await original<typeof import('@simplewebauthn/server')>()),
  verifyRegistrationResponse: vi.fn(),
}));

const config = { oauth: { secretKey: 'k'.repeat(32) }, http: { publicUrl: 'https://id.example.org/' } } as AppConfig;

/** A repository of one user with no keys and as many unused recovery codes as given. */
function fakeRepository(unusedCodes: number) {
  return {
    listWebauthn: vi.fn().mockResolvedValue([]),
    findWebauthn: vi.fn().mockResolvedValue(null),
    findWebauthnAnywhere: vi.fn().mockResolvedValue(null),
    addWebauthn: vi.fn().mockResolvedValue(undefined),
    countUnusedRecoveryCodes: vi.fn().mockResolvedValue(unusedCodes),
    replaceRecoveryCodes: vi.fn().mockResolvedValue(undefined),
  };
}

function service(repository: ReturnType<typeof fakeRepository>): WebauthnService {
  const store = new MemoryTemporaryStore(new CacheableMemory(), 'test:');
  return new WebauthnService(repository as unknown as SecondFactorRepository, store, config);
}

const verified = {
  verified: true,
  registrationInfo: {
    credential: { id: 'Y3JlZA', publicKey: new Uint8Array([1, 2, 3]), counter: 0, transports: ['usb'] },
  },
} as unknown as Awaited<ReturnType<typeof verifyRegistrationResponse>>;

describe('WebauthnService', () => {
  it('names the host of the public URL as relying party, and its origin as the one expected', async () => {
    vi.mocked(verifyRegistrationResponse).mockResolvedValue(verified);
    const webauthn = service(fakeRepository(0));
    const options = await webauthn.registrationOptions(7, 'Alice');
    expect(options.rp).toEqual({ id: 'id.example.org', name: 'Gatehouse' });
    await webauthn.register(7, 'Blue key', { id: 'Y3JlZA' } as never);
    expect(vi.mocked(verifyRegistrationResponse)).toHaveBeenCalledWith(
      expect.objectContaining({
        expectedChallenge: options.challenge,
        expectedOrigin: 'https://id.example.org',
        expectedRPID: 'id.example.org',
      }),
    );
  });

  it('takes a registration challenge once: the second answer to it is refused', async () => {
    vi.mocked(verifyRegistrationResponse).mockResolvedValue(verified);
    const webauthn = service(fakeRepository(0));
    await webauthn.registrationOptions(7, 'Alice');
    await webauthn.register(7, 'Blue key', {} as never);
    await expect(webauthn.register(7, 'Blue key', {} as never)).rejects.toMatchObject({
      code: IdentityErrorCode.InvalidSecondFactor,
    });
  });

  it('hands out recovery codes with a first second factor only', async () => {
    vi.mocked(verifyRegistrationResponse).mockResolvedValue(verified);
    const first = fakeRepository(0);
    const webauthn = service(first);
    await webauthn.registrationOptions(7, 'Alice');
    expect(await webauthn.register(7, 'Blue key', {} as never)).toHaveLength(10);
    expect(first.replaceRecoveryCodes).toHaveBeenCalledWith(7, expect.arrayContaining([expect.any(String)]));
    expect(first.addWebauthn).toHaveBeenCalledWith(
      expect.objectContaining({ publicKey: 'AQID', transports: '["usb"]' }),
    );

    const another = fakeRepository(8);
    const more = service(another);
    await more.registrationOptions(7, 'Alice');
    expect(await more.register(7, 'Green key', {} as never)).toEqual([]);
    expect(another.replaceRecoveryCodes).not.toHaveBeenCalled();
  });

  it('refuses an attestation that does not verify, and stores nothing', async () => {
    vi.mocked(verifyRegistrationResponse).mockRejectedValue(new Error('bad attestation'));
    const repository = fakeRepository(0);
    const webauthn = service(repository);
    await webauthn.registrationOptions(7, 'Alice');
    await expect(webauthn.register(7, 'Blue key', {} as never)).rejects.toMatchObject({
      code: IdentityErrorCode.InvalidSecondFactor,
    });
    expect(repository.addWebauthn).not.toHaveBeenCalled();
  });

  it('answers no to an assertion of a key the account does not have', async () => {
    const webauthn = service(fakeRepository(0));
    await webauthn.authenticationOptions(7, 'a'.repeat(64));
    expect(await webauthn.verifyAssertion(7, 'a'.repeat(64), { id: 'c29tZW9uZQ' } as never)).toBe(false);
    expect(await webauthn.verifyAssertion(7, 'b'.repeat(64), { id: 'c29tZW9uZQ' } as never)).toBe(false);
  });
});
