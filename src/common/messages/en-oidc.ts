/** OpenID Connect's pages: RP-Initiated Logout 1.0's confirmation and its answers. */
export const EN_OIDC = {
  'oidc-logout.title': 'Sign out',
  'oidc-logout.question': 'Do you want to sign out of Gatehouse?',
  'oidc-logout.asked-by': '{app} asks to sign you out.',
  'oidc-logout.effect': 'Every app you signed into with this session is told that you signed out.',
  'oidc-logout.confirm': 'Sign out',
  'oidc-logout.stay': 'Stay signed in',
  'oidc-logout.done-title': 'Signed out',
  'oidc-logout.done': 'You are signed out of Gatehouse.',
  'oidc-logout.stayed-title': 'Still signed in',
  'oidc-logout.stayed': 'You are still signed in to Gatehouse.',
  'oidc-logout.error-title': 'Sign-out error',
  'oidc-logout.error-advice': 'The app that sent you here is misconfigured; you were not sent back to it.',
} as const;
