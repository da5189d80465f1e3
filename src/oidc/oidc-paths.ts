/** Where OpenID Connect's own endpoints live; discovery lists them. */
export const OIDC_PATHS = {
  discovery: '/.well-known/openid-configuration',
  userinfo: '/oidc/userinfo',
  endSession: '/oidc/logout',
} as const;
