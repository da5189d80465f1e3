import { inject } from 'vitest';

/** Whether the system component `name` (test/support/system-components.js) is missing, so its tests skip. */
export function missingComponent(
  name:
    | 'apache2-openidc'
    | 'chromium'
    | 'haproxy'
    | 'mariadb-server'
    | 'nginx'
    | 'python3-mwoauth'
    | 'python3-oauthlib'
    | 'slapd',
): boolean {
  return inject('missingComponents').includes(name);
}
