import { messageOf } from './notification-message';
import { NOTIFYING_ACTIONS, notificationTypeOf } from './notification-rules';

describe('messageOf', () => {
  it.each([
    ['propose', 'Alice proposed a new OAuth app: Foo'],
    ['update', 'Alice updated the OAuth app Foo'],
    ['approve', 'Alice approved your OAuth app (Foo)'],
    ['reject', 'Alice rejected your OAuth app (Foo)'],
    ['disable', 'Alice disabled your OAuth app (Foo)'],
    ['reenable', 'Alice re-enabled your OAuth app (Foo)'],
  ] as const)('%s reads "%s"', (action, text) => {
    expect(messageOf(notificationTypeOf(action), 'Alice', 'Foo')).toBe(text);
  });

  it('has a text for every notification type', () => {
    for (const action of NOTIFYING_ACTIONS) {
      expect(messageOf(notificationTypeOf(action), 'A', 'B')).toMatch(/^A .*B/);
    }
  });
});
