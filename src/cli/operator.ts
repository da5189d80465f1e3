import type { AuthContext } from '../common/auth/auth-context';
import { Right } from '../common/auth/rights';

/**
 * Who the audit log and the notifications name for what a command did: MediaWiki's maintenance scripts act as the
 * system user "Maintenance script" (`User::MAINTENANCE_SCRIPT_USER`), and so do these commands.
 */
export const OPERATOR_NAME = 'Maintenance script';

/**
 * The operator's credential: every right, since whoever runs a command already holds the service's configuration and
 * database. `via: 'session'` only because a command is neither OAuth caller; it carries no session.
 */
export function operatorAuth(account: { id: number; name: string }): AuthContext {
  return {
    userId: account.id,
    userName: account.name,
    groups: [],
    rights: new Set<string>(Object.values(Right)),
    via: 'session',
    blocked: false,
  };
}
