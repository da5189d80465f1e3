/** The words of the frame every page shares, the sign-in form, and the pages of the OAuth handshakes. */
export const EN_FRAME = {
  'frame.title': '{title} · Gatehouse',
  'frame.navigation': 'Main',
  'frame.sign-in': 'Sign in',
  'frame.signed-in-as': 'Signed in as {name}',
  'frame.sign-out': 'Sign out',
  'frame.unread': '{count, plural, one {# unread notification} other {# unread notifications}}',
  'frame.copy': 'Copy',
  'frame.copied': 'Copied',
  'sign-in.title': 'Sign in',
  'sign-in.second-factor-title': 'Two-factor authentication',
  'sign-in.second-factor-intro':
    'Enter the 6-digit code your authenticator app shows, or one of your recovery codes if you do not have the app at hand.',
  'sign-in.second-factor-code': 'Code',
  'sign-in.second-factor-submit': 'Continue',
  'sign-in.second-factor-key': 'Use your security key',
  'sign-in.second-factor-key-failed': 'The security key did not answer. Try again, or type a code.',
  'sign-in.user-name': 'User name',
  'sign-in.password': 'Password',
  'sign-in.upstream-title': 'Or sign in with your company account',
  'sign-in.upstream-button': 'Sign in with {provider}',
  'sign-in.submit': 'Sign in',
  'sign-in.recovery-code': 'Recovery code',
  'sign-in.recovery-code-help':
    'Locked out by too many attempts? If your account has two-factor authentication, give your password and one ' +
    'of your recovery codes to sign in now. The code is then used up.',
  'sign-in.form-expired': 'Your form expired. Please sign in again.',
  'consent.title': 'Allow {app} to use your account?',
  'consent.who': '{app} (version {version}), published by {owner}, asks to act on your behalf {where}.',
  'consent.every-site': 'on every site',
  'consent.this-site': 'on this site',
  'consent.able-to': 'It will be able to:',
  'consent.resource': 'Its access is limited to {resource} ({url}).',
  'consent.revocable': 'You can revoke this at any time under "My grants".',
  'consent.allow': 'Allow',
  'consent.cancel': 'Cancel',
  'consent.cancelled-title': 'Authorization cancelled',
  'consent.cancelled':
    'You have chosen not to allow "{app}" to access your account. "{app}" will not work unless you allow it.',
  'consent.verified-title': 'Authorization complete',
  'consent.verified': 'Give this verification code to the application to finish connecting it:',
  'consent.request-token': 'Request token:',
  'form-post.title': 'Returning to the application',
  'form-post.explanation': 'Sending the answer back to {host}. If nothing happens, press Continue.',
  'form-post.continue': 'Continue',
  'authorize-error.title': 'Application connection error',
  'authorize-error.invalid_client':
    'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
  'authorize-error.invalid_request':
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  'authorize-error.access_denied': 'The resource owner or authorization server denied the request.',
  'authorize-error.other': 'The authorization request cannot be completed.',
  'authorize-error.advice': 'Nothing was sent to the application. Go back to it and try again, or tell its author.',
  'authorize-review.title': 'Awaiting review',
  'authorize-review.body':
    '{app} registered itself with this server automatically, and your administrators have not reviewed it yet. Until they approve it, it cannot sign you in or act on your behalf.',
  'authorize-review.advice':
    'Nothing was sent to the application. Try again once your administrators have approved it, or ask them to review it.',
  'consent.unreviewed':
    'This application registered itself automatically; no person at your organisation has reviewed it. Allow it only if you started it yourself and trust it.',
} as const;
