import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password that is not the name', async () => {
    expect(await passwordProblem('correct horse battery staple', 'Alice', 10)).toBeUndefined();
  });

  it('refuses one shorter than the minimum, counting characters rather than UTF-16 units', async () => {
    expect(await passwordProblem('short-pw1', 'Alice', 10)).toMatch(/at least 10 characters/);
    expect(await passwordProblem('🔑🔑🔑🔑🔑🔑🔑🔑🔑', 'Alice', 10)).toMatch(/at least 10/);
  });

  it('refuses one longer than MediaWiki allows', async () => {
    expect(await passwordProblem('x'.repeat(1025), 'Alice', 10)).toMatch(/at most 1024/);
  });

  it('refuses the user name, whatever its case or underscores', async () => {
    expect(await passwordProblem('alice_smith_1', 'Alice smith 1', 10)).toMatch(/user name/);
  });

  it('refuses passwords of the common list, in any case', async () => {
    expect(await passwordProblem('password123', 'Alice', 8)).toMatch(/most commonly used/);
    expect(await passwordProblem('QWERTYUIOP', 'Alice', 8)).toMatch(/most commonly used/);
  });
});
