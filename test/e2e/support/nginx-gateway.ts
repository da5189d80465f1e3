import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { temporaryDirectory } from './test-environment';

/** Debian's nginx (package `nginx`), built with the auth_request module. */
const NGINX_BINARY = '/usr/sbin/nginx';
const DOCUMENTED_CONFIG = join(__dirname, '../../../docs/gateways/nginx.conf');
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export interface NginxGatewayOptions {
  /** Where nginx listens, on 127.0.0.1. */
  port: number;
  /** Gatehouse's dedicated decision listener (GATEWAY_PORT). */
  gatehousePort: number;
  /** Gatehouse's main port (PORT), which serves the protected-resource metadata. */
  gatehouseMainPort: number;
  /** The protected API. */
  apiPort: number;
  gatewayKey: string;
}

/**
 * docs/gateways/nginx.conf with its example addresses and key replaced, so the tests run the documented
 * configuration itself. Throws when an example value is gone, rather than run a config the test did not aim.
 */
export function documentedNginxConfig(options: NginxGatewayOptions): string {
  const replacements: [string, string][] = [
    ['listen 80;', `listen 127.0.0.1:${options.port};`],
    ['server 127.0.0.1:8081;', `server 127.0.0.1:${options.gatehousePort};`],
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${options.apiPort};`],
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${options.gatehouseMainPort};`],
    ['"replace-with-one-of-GATEWAY_KEYS"', `"${options.gatewayKey}"`],
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

/**
 * A throwaway nginx (one process, in the foreground) whose pid file, logs and temp files stay in its own
 * directory, so it runs as root or not without touching /var or /etc/nginx.
 */
export class NginxProcess {
  private output = '';
  private running = true;
  /** Settles when the process is gone, or never started (`error` without `exit`). */
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly prefix: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => {
      const gone = (reason: string) => {
        this.running = false;
        this.output += `\n(nginx ${reason})`;
        resolve();
      };
      child.once('exit', (code, signal) => gone(`exited: ${signal ?? code}`));
      child.once('error', (error) => gone(`failed: ${error.message}`));
    });
  }

  /** Starts nginx on `httpConfig` (an http-context file) and waits until `port` accepts connections. */
  static async start(httpConfig: string, port: number): Promise<NginxProcess> {
    const prefix = temporaryDirectory();
    mkdirSync(join(prefix, 'temp'));
    writeFileSync(join(prefix, 'gatehouse.conf'), httpConfig);
    writeFileSync(
      join(prefix, 'nginx.conf'),
      [
        'pid nginx.pid;',
        'events { worker_connections 64; }',
        'http {',
        '    access_log off;',
        '    client_body_temp_path temp/body;',
        '    proxy_temp_path temp/proxy;',
        '    fastcgi_temp_path temp/fastcgi;',
        '    uwsgi_temp_path temp/uwsgi;',
        '    scgi_temp_path temp/scgi;',
        '    include gatehouse.conf;',
        '}',
        '',
      ].join('\n'),
    );
    const child = spawn(
      NGINX_BINARY,
      // -e: the error log goes to stderr from the start, before nginx would open the compiled-in /var/log path.
      ['-p', `${prefix}/`, '-c', join(prefix, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off; master_process off;'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const nginx = new NginxProcess(child, prefix);
    try {
      await nginx.waitUntilListening(port);
    } catch (error) {
      await nginx.stop();
      throw error;
    }
    return nginx;
  }

  /** Graceful shutdown (SIGQUIT), then SIGKILL if it lingers; removes the directory. */
  async stop(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGQUIT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }

  private async waitUntilListening(port: number): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await accepts(port))) {
      if (!this.running || Date.now() > deadline) {
        throw new Error(`nginx did not start listening on 127.0.0.1:${port}:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
