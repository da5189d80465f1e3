/** The signed-in person's own account pages: the security page and the change of password. */
export const EN_ACCOUNT = {
  'account.password.title': 'Change password',
  'account.password.intro': 'Choose a new password. Every other place where you are signed in will be signed out.',
  'account.password.required':
    'An administrator reset your password. Choose a new one before you continue; until then you can do nothing else.',
  'account.password.current': 'Current password',
  'account.password.new': 'New password',
  'account.password.new-help':
    'At least {min} characters; not your user name, and not one of the most commonly used passwords.',
  'account.password.confirm': 'New password again',
  'account.password.mismatch': 'The two new passwords differ.',
  'account.password.missing': 'This field is required.',
  'account.password.button': 'Change password',
  'account.password.done': 'Your password was changed. Your other sessions were signed out.',
  'account.security.title': 'Security',
  'account.security.intro':
    'The places where you are signed in. End any you do not recognise, then change your password.',
  'account.security.change-password': 'Change password',
  'account.security.sessions': 'Your sessions',
  'account.security.browser': 'Browser',
  'account.security.address': 'Address',
  'account.security.signed-in': 'Signed in',
  'account.security.last-seen': 'Last used',
  'account.security.this-one': 'This browser',
  'account.security.end': 'End',
  'account.security.end-others': 'Sign out everywhere else',
  'account.security.ended': 'The session ended.',
  'account.security.ended-others': 'Every other session ended.',
  'account.security.unknown-browser': 'Unknown browser',
} as const;
