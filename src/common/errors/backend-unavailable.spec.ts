import { QueryFailedError } from 'typeorm';
import { CommonErrorCode, CommonException } from './common.exception';
import { isBackendUnavailable, unavailableOr } from './backend-unavailable';

class ClientOfflineError extends Error {
  constructor() {
    super('The client is offline');
  }
}

function withCode(code: string): Error {
  return Object.assign(new Error(`failed: ${code}`), { code });
}

describe('isBackendUnavailable', () => {
  it("recognises Redis's offline client by its class and mysql2's timeouts and lost connections by their code", () => {
    expect(isBackendUnavailable(new ClientOfflineError())).toBe(true);
    expect(isBackendUnavailable(withCode('PROTOCOL_SEQUENCE_TIMEOUT'))).toBe(true);
    expect(isBackendUnavailable(withCode('ETIMEDOUT'))).toBe(true);
    expect(isBackendUnavailable(new QueryFailedError('SELECT 1', [], withCode('PROTOCOL_CONNECTION_LOST')))).toBe(true);
    expect(isBackendUnavailable(new Error('wrapped', { cause: withCode('ECONNREFUSED') }))).toBe(true);
  });

  it('recognises a primary switch under way: every server rested, or a write reaching a replica not yet promoted', () => {
    expect(isBackendUnavailable(withCode('POOL_NONEONLINE'))).toBe(true);
    expect(isBackendUnavailable(new QueryFailedError('INSERT', [], withCode('ER_OPTION_PREVENTS_STATEMENT')))).toBe(
      true,
    );
  });

  it('leaves every other failure to be the 500 it is', () => {
    expect(isBackendUnavailable(new Error('The client is offline'))).toBe(false);
    expect(isBackendUnavailable(withCode('ER_DUP_ENTRY'))).toBe(false);
    expect(isBackendUnavailable(new QueryFailedError('SELECT 1', [], withCode('ER_PARSE_ERROR')))).toBe(false);
    expect(isBackendUnavailable('ETIMEDOUT')).toBe(false);
    expect(isBackendUnavailable(undefined)).toBe(false);
  });

  it("becomes the management API's 503 with Retry-After", () => {
    const answer = unavailableOr(new ClientOfflineError());
    expect(answer).toBeInstanceOf(CommonException);
    expect(answer).toMatchObject({
      code: CommonErrorCode.ServiceUnavailable,
      status: 503,
      headers: { 'Retry-After': '5' },
    });
    const other = new Error('boom');
    expect(unavailableOr(other)).toBe(other);
  });
});
