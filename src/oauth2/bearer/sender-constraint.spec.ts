import type { AppConfig } from '../../config/app-config';
import { type DpopProofCheck, DpopProofRefused } from '../protocol/check-dpop-proof';
import { DpopNonces } from '../protocol/dpop-nonces';
import { SenderConstraint, SenderRefused } from './sender-constraint';

const TOKEN = 'eyJ.eyJ.sig';
const REQUEST = { proof: 'proof', method: 'GET', uri: 'https://api.example/x' };

function config(dpop: Partial<AppConfig['oauth2']['dpop']> = {}): AppConfig {
  return {
    oauth: { secretKey: 'x'.repeat(32) },
    oauth2: { dpop: { enabled: true, requireNonce: false, proofWindow: 60, ...dpop } },
  } as AppConfig;
}

/** A constraint whose proof check answers `jkt`, or refuses with `refusal`. */
function constraint(outcome: { jkt?: string; refusal?: DpopProofRefused }, settings = config()) {
  const check = vi.fn((request: { accessToken?: string }) => {
    expect(request.accessToken).toBe(TOKEN);
    return outcome.refusal ? Promise.reject(outcome.refusal) : Promise.resolve({ jkt: outcome.jkt ?? '' });
  });
  const senders = new SenderConstraint({ check } as unknown as DpopProofCheck, new DpopNonces(settings), settings);
  return { senders, check };
}

async function refusal(promise: Promise<void>): Promise<SenderRefused> {
  const error: unknown = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SenderRefused);
  return error as SenderRefused;
}

describe(SenderConstraint.name, () => {
  it('reads either scheme, and DPoP only while it is on', () => {
    const { senders } = constraint({});
    expect(senders.presented(`Bearer ${TOKEN}`)).toEqual({ scheme: 'Bearer', token: TOKEN });
    expect(senders.presented(`dpop ${TOKEN}`)).toEqual({ scheme: 'DPoP', token: TOKEN });
    expect(senders.presented('DPoP two words')).toBeUndefined();
    expect(senders.offersToken('DPoP two words')).toBe(true);
    const off = constraint({}, config({ enabled: false })).senders;
    expect(off.presented(`DPoP ${TOKEN}`)).toBeUndefined();
    expect(off.offersToken(`DPoP ${TOKEN}`)).toBe(false);
  });

  it('takes an unbound token as Bearer without a proof, and refuses it with the DPoP scheme', async () => {
    const { senders, check } = constraint({ jkt: 'k' });
    await senders.confirm({ scheme: 'Bearer', token: TOKEN }, undefined, REQUEST);
    expect((await refusal(senders.confirm({ scheme: 'DPoP', token: TOKEN }, undefined, REQUEST))).code).toBe(
      'invalid_token',
    );
    expect(check).not.toHaveBeenCalled();
  });

  it('refuses a bound token as Bearer (RFC 9449 §7.2), and one proved by another key', async () => {
    const { senders } = constraint({ jkt: 'other' });
    const bearer = await refusal(senders.confirm({ scheme: 'Bearer', token: TOKEN }, 'k', REQUEST));
    expect(bearer.code).toBe('invalid_token');
    expect(senders.challenge(bearer)['WWW-Authenticate']).toMatch(/^DPoP error="invalid_token", .*algs="ES256 /);
    expect((await refusal(senders.confirm({ scheme: 'DPoP', token: TOKEN }, 'k', REQUEST))).code).toBe('invalid_token');
  });

  it('takes a bound token with a proof by its key for this token', async () => {
    const { senders, check } = constraint({ jkt: 'k' });
    await senders.confirm({ scheme: 'DPoP', token: TOKEN }, 'k', REQUEST);
    expect(check).toHaveBeenCalledWith({ ...REQUEST, accessToken: TOKEN });
  });

  it("passes the proof check's refusals on, use_dpop_nonce with a fresh nonce", async () => {
    const settings = config({ requireNonce: true });
    const nonce = new DpopNonces(settings).current();
    const { senders } = constraint({ refusal: new DpopProofRefused('use_dpop_nonce', 'nonce') }, settings);
    const refused = await refusal(senders.confirm({ scheme: 'DPoP', token: TOKEN }, 'k', REQUEST));
    expect(refused.code).toBe('use_dpop_nonce');
    expect(senders.challenge(refused)['DPoP-Nonce']).toBe(nonce);
    const bad = constraint({ refusal: new DpopProofRefused('invalid_dpop_proof', 'bad') }).senders;
    expect((await refusal(bad.confirm({ scheme: 'DPoP', token: TOKEN }, 'k', REQUEST))).code).toBe(
      'invalid_dpop_proof',
    );
  });
});
