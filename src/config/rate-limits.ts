import type { ThrottleLimit } from './throttle-limits';

/**
 * The anonymous doors with a per-address abuse limit (issue 17 item 4). `token` and `introspection` count refused
 * requests only (a gateway or a busy client behind one address sends thousands of good ones); the others count
 * every request.
 */
export type RateLimitedDoor =
  'token' | 'introspection' | 'revocation' | 'device-authorization' | 'par' | 'oauth1' | 'login' | 'registration';

/**
 * Each door's variable and default, as `count/ISO 8601 duration` pairs. The defaults are far above what one
 * legitimate client (or an office behind one NAT address) sends, and far below what an abuser needs.
 */
export const RATE_LIMIT_VARIABLES = {
  token: { variable: 'RATE_LIMIT_TOKEN', default: '300/PT1M' },
  introspection: { variable: 'RATE_LIMIT_INTROSPECTION', default: '300/PT1M' },
  revocation: { variable: 'RATE_LIMIT_REVOCATION', default: '300/PT1M' },
  'device-authorization': { variable: 'RATE_LIMIT_DEVICE_AUTHORIZATION', default: '60/PT1M' },
  par: { variable: 'RATE_LIMIT_PAR', default: '600/PT1M' },
  oauth1: { variable: 'RATE_LIMIT_OAUTH1', default: '600/PT1M' },
  login: { variable: 'RATE_LIMIT_LOGIN', default: '120/PT1M' },
  registration: { variable: 'RATE_LIMIT_REGISTRATION', default: '300/PT1H' },
} as const satisfies Record<RateLimitedDoor, { variable: string; default: string }>;

export type RateLimitVariable = (typeof RATE_LIMIT_VARIABLES)[RateLimitedDoor]['variable'];

export type RateLimits = Record<RateLimitedDoor, ThrottleLimit[]>;
