/**
 * The system components the interop and browser tests drive, from Debian's packages: one list for `npm test`
 * (vitest's global setup) and `.ci/run`. No dependencies, so `.ci/run` can call it before anything is built.
 *
 *   node test/support/system-components.js packages   # the Debian packages, one line
 *   node test/support/system-components.js install    # install what is missing (root + apt); exit 1 if any still is
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

/** Each component: the packages that bring it, how to see it is there, and the tests that need it. */
const COMPONENTS = [
  {
    name: 'chromium',
    packages: ['chromium'],
    present: () => existsSync('/usr/bin/chromium'),
    tests: 'the browser tests',
  },
  {
    name: 'nginx',
    packages: ['nginx'],
    present: () => existsSync('/usr/sbin/nginx'),
    tests: 'the nginx auth_request and MCP SDK tests',
  },
  {
    name: 'haproxy',
    packages: ['haproxy'],
    present: () => existsSync('/usr/sbin/haproxy'),
    tests: 'the HAProxy rolling restart test and the scale suite (HAProxy in front of three instances)',
  },
  {
    name: 'apache2-openidc',
    packages: ['apache2', 'libapache2-mod-auth-openidc'],
    present: () => existsSync('/usr/sbin/apache2') && existsSync('/usr/lib/apache2/modules/mod_auth_openidc.so'),
    tests: 'the mod_auth_openidc (Apache) tests',
  },
  {
    name: 'python3-mwoauth',
    packages: ['python3-mwoauth', 'python3-requests-oauthlib'],
    present: () =>
      spawnSync('/usr/bin/python3', ['-c', 'import mwoauth, requests_oauthlib'], { stdio: 'ignore' }).status === 0,
    tests: 'the python3-mwoauth interop tests',
  },
  {
    name: 'python3-oauthlib',
    packages: ['python3-oauthlib'],
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import oauthlib'], { stdio: 'ignore' }).status === 0,
    tests: 'the OAuth 1 signature agreement with oauthlib',
  },
  {
    name: 'redis-server',
    packages: ['redis-server'],
    present: () => existsSync('/usr/bin/redis-server'),
    tests:
      'the Redis outage test, the fault-injection suite and the scale suite (each starts redis-servers of its own; the scale suite a master, a replica and three Sentinels)',
  },
  {
    name: 'mariadb-server',
    packages: ['mariadb-server'],
    present: () => existsSync('/usr/sbin/mariadbd') && existsSync('/usr/bin/mariadb-install-db'),
    tests: 'the MariaDB primary and replica test (it starts a primary and a replica of its own)',
  },
  {
    name: 'slapd',
    packages: ['slapd', 'ldap-utils'],
    present: () => existsSync('/usr/sbin/slapd') && existsSync('/usr/bin/ldapadd'),
    tests: 'the LDAP directory federation tests',
  },
];

function missingComponents() {
  return COMPONENTS.filter((component) => !component.present());
}

/** apt-get may run: root on a Debian-like system. */
function mayInstall() {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

/**
 * Installs the missing components with apt-get where it may; answers those still missing. Output goes to
 * standard error so that a test reporter's output stays readable.
 */
function installMissing() {
  const missing = missingComponents();
  if (missing.length === 0 || !mayInstall()) {
    return missing;
  }
  const packages = missing.flatMap((component) => component.packages);
  process.stderr.write(`Installing Debian packages for the interop and browser tests: ${packages.join(' ')}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
  } catch (error) {
    process.stderr.write(`apt-get failed: ${error.message}\n`);
  }
  return missingComponents();
}

/** One line naming what was skipped and how to install it. */
function skippedLine(missing) {
  const packages = missing.flatMap((component) => component.packages).join(' ');
  const what = missing.map((component) => `${component.tests} (${component.name})`).join(', ');
  return `SKIPPED: ${what}: not installed; install with "sudo apt-get install ${packages}" and run npm test again.`;
}

module.exports = { COMPONENTS, missingComponents, installMissing, skippedLine };

if (require.main === module) {
  const command = process.argv[2];
  if (command === 'packages') {
    console.log(COMPONENTS.flatMap((component) => component.packages).join(' '));
  } else if (command === 'install') {
    const missing = installMissing();
    if (missing.length > 0) {
      console.error(skippedLine(missing));
      process.exitCode = 1;
    } else {
      console.log(`installed: ${COMPONENTS.map((component) => component.name).join(', ')}`);
    }
  } else {
    console.error('usage: node test/support/system-components.js packages|install');
    process.exitCode = 2;
  }
}
