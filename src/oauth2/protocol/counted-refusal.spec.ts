import { RateLimitedException } from '../../common/rate-limits/rate-limited.exception';
import { Oauth2Error } from '../oauth2-error';
import { isCountedRefusal } from './counted-refusal';
import { asOauth2Error } from './oauth2-exception.filter';

describe('isCountedRefusal', () => {
  it('counts refusals of a request, and neither flow steps nor server failures', () => {
    expect(isCountedRefusal(new Oauth2Error('invalid_client', 'no'))).toBe(true);
    expect(isCountedRefusal(new Oauth2Error('invalid_grant', 'no'))).toBe(true);
    expect(isCountedRefusal(new Oauth2Error('unsupported_grant_type', 'no'))).toBe(true);
    expect(isCountedRefusal(new Oauth2Error('authorization_pending', 'wait'))).toBe(false);
    expect(isCountedRefusal(new Oauth2Error('slow_down', 'wait'))).toBe(false);
    expect(isCountedRefusal(new Oauth2Error('use_dpop_nonce', 'nonce'))).toBe(false);
    expect(isCountedRefusal(new Oauth2Error('server_error', 'oops'))).toBe(false);
    expect(isCountedRefusal(new Error('database down'))).toBe(false);
  });
});

describe('asOauth2Error of an abuse limit', () => {
  it('is 429 temporarily_unavailable with Retry-After (RFC 6585 §4)', () => {
    const error = asOauth2Error(new RateLimitedException(42));
    expect(error).toMatchObject({ error: 'temporarily_unavailable', status: 429, headers: { 'Retry-After': '42' } });
  });
});
