import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryDirectory } from './test-environment';

/** Debian's haproxy (package `haproxy`). */
export const HAPROXY_BINARY = '/usr/sbin/haproxy';
const DOCUMENTED_CONFIG = join(__dirname, '../../../docs/deploy/haproxy.cfg');

const EXAMPLE_SERVERS = [
  '    server gatehouse1 10.0.0.11:3000 check',
  '    server gatehouse2 10.0.0.12:3000 check',
].join('\n');
const EXAMPLE_BACKUPS = [
  '    server gatehouse1-shared-outage 10.0.0.11:3000 backup',
  '    server gatehouse2-shared-outage 10.0.0.12:3000 backup',
].join('\n');

/**
 * docs/deploy/haproxy.cfg with its example addresses replaced, so the test runs the documented configuration
 * itself: its two example servers, and their two backup lines, become one line each per instance port. Throws when an example value is
 * gone, rather than run a config the test did not aim.
 */
export function documentedHaproxyConfig(port: number, instancePorts: number[]): string {
  const servers = (suffix: string, options: string) =>
    instancePorts
      .map((instancePort, index) => `    server gatehouse${index + 1}${suffix} 127.0.0.1:${instancePort} ${options}`)
      .join('\n');
  const replacements: [string, string][] = [
    ['bind :80', `bind 127.0.0.1:${port}`],
    [EXAMPLE_SERVERS, servers('', 'check')],
    [EXAMPLE_BACKUPS, servers('-shared-outage', 'backup')],
  ];
  let config = readFileSync(DOCUMENTED_CONFIG, 'utf8');
  for (const [example, actual] of replacements) {
    if (!config.includes(example)) {
      throw new Error(`${DOCUMENTED_CONFIG} no longer contains \`${example}\`; update ${__filename}`);
    }
    config = config.replaceAll(example, actual);
  }
  return config;
}

/** HAProxy in the foreground (`-db`) on a configuration file of its own; `stop` ends it. */
export class Haproxy {
  private child?: ChildProcess;

  constructor(private readonly config: string) {}

  start(): void {
    const file = join(temporaryDirectory(), 'haproxy.cfg');
    writeFileSync(file, this.config);
    this.child = spawn(HAPROXY_BINARY, ['-db', '-f', file], { stdio: 'ignore' });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }
}
