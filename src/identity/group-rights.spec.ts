import { Right } from '../common/auth/rights';
import { GroupRights } from './group-rights';

describe('GroupRights', () => {
  it('gives every account the user group rights and sysop everything (DESIGN §7)', () => {
    const rights = new GroupRights();
    expect([...rights.rightsOf([])].sort()).toEqual(
      [
        Right.Read,
        Right.ViewMyPrivateInfo,
        Right.EditMyPrivateInfo,
        Right.EditMyOptions,
        Right.ManageMyGrants,
        Right.ProposeConsumer,
        Right.UpdateOwnConsumer,
      ].sort(),
    );
    expect(rights.rightsOf(['oauthadmin']).has(Right.ManageConsumer)).toBe(true);
    expect(rights.rightsOf(['oauthadmin']).has(Right.Suppress)).toBe(false);
    for (const right of Object.values(Right)) {
      expect(rights.rightsOf(['sysop']).has(right)).toBe(true);
    }
  });

  it('lets a list replace a group and a map amend it', () => {
    const rights = new GroupRights({
      user: { edit: true, [Right.ProposeConsumer]: false },
      oauthadmin: [Right.ManageConsumer],
      bot: ['highvolume'],
    });
    const user = rights.rightsOf([]);
    expect(user.has('edit')).toBe(true);
    expect(user.has(Right.ProposeConsumer)).toBe(false);
    expect(rights.rightsOf(['oauthadmin']).has(Right.ViewPrivate)).toBe(false);
    expect(rights.assignableGroups()).toEqual(['bot', 'oauthadmin', 'sysop']);
  });

  it('ignores unknown groups', () => {
    expect(new GroupRights().rightsOf(['nonexistent']).size).toBe(7);
  });
});
