/** The signed-in person's own account pages: the change of password. */
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
} as const;
