import { canonicalUserName } from './user-name';

describe('canonicalUserName', () => {
  it.each([
    ['alice', 'Alice'],
    ['alice_smith', 'Alice smith'],
    ['  Bob   Jones ', 'Bob Jones'],
    ['émile', 'Émile'],
  ])('%p → %p', (input, expected) => {
    expect(canonicalUserName(input)).toBe(expected);
  });
});
