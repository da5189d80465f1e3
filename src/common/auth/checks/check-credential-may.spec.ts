import { CommonErrorCode } from '../../errors/common.exception';
import { Right } from '../rights';
import { checkCredentialMay } from './check-credential-may';

const session = {
  blocked: false,
  session: { id: 's', csrfToken: 'c', sid: 'd', authTime: 0, amr: [] },
  rights: new Set<string>([Right.Read]),
};
const token = { blocked: false, session: undefined, rights: new Set<string>([Right.Read]) };
const authOnlyToken = { ...token, rights: new Set<string>() };

describe('checkCredentialMay', () => {
  it('needs every declared right, which an auth-only token never holds', () => {
    expect(checkCredentialMay(token, { kind: 'rights', rights: [Right.Read] })).toBeUndefined();
    expect(checkCredentialMay(authOnlyToken, { kind: 'rights', rights: [Right.Read] })).toEqual({
      code: CommonErrorCode.PermissionDenied,
      message: 'This action needs the right read',
    });
    expect(checkCredentialMay(session, { kind: 'rights', rights: [Right.Read, Right.UserRights] })?.message).toBe(
      'This action needs the right userrights',
    );
  });

  it('keeps session routes and pages for cookie sessions', () => {
    expect(checkCredentialMay(session, { kind: 'session' })).toBeUndefined();
    expect(checkCredentialMay(token, { kind: 'session' })?.code).toBe(CommonErrorCode.PermissionDenied);
    expect(checkCredentialMay(token, { kind: 'page', rights: [Right.Read] })?.code).toBe(
      CommonErrorCode.PermissionDenied,
    );
    expect(checkCredentialMay(session, { kind: 'page', rights: [Right.Read] })).toBeUndefined();
  });

  it('lets a blocked account do nothing, whatever it holds', () => {
    const blocked = { ...session, blocked: true };
    for (const access of [
      { kind: 'rights', rights: [Right.Read] },
      { kind: 'session' },
      { kind: 'page', rights: [Right.Read] },
    ] as const) {
      expect(checkCredentialMay(blocked, access)?.code).toBe(CommonErrorCode.Blocked);
    }
  });
});
