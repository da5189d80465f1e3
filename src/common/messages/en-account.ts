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
  'account.security.two-factor': 'Two-factor authentication',
  'account.two-factor.title': 'Two-factor authentication',
  'account.two-factor.required':
    'Your group requires two-factor authentication. Set it up before you continue; until then you can do nothing else.',
  'account.two-factor.off':
    'Two-factor authentication is off. With it on, signing in also asks for a code from an authenticator app on your phone.',
  'account.two-factor.on': 'Two-factor authentication is on. Recovery codes left: {count}.',
  'account.two-factor.start': 'Set up two-factor authentication',
  'account.two-factor.scan':
    'Scan this code with your authenticator app, or type the key below into it. Then enter the 6-digit code it shows.',
  'account.two-factor.key': 'Key',
  'account.two-factor.code': 'Code from the app',
  'account.two-factor.confirm': 'Turn on',
  'account.two-factor.codes-title': 'Your recovery codes',
  'account.two-factor.codes-intro':
    'Two-factor authentication is on. Keep these codes somewhere safe: each signs you in once if you lose your phone. They are shown only now.',
  'account.two-factor.continue': 'Continue',
  'account.two-factor.disable-code': 'Code from the app, or a recovery code',
  'account.two-factor.disable': 'Turn off',
  'account.two-factor.disabled': 'Two-factor authentication is off.',
} as const;
