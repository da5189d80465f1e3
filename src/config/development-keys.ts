import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Outside production the service starts with no configuration at all, so it makes its own secret key and
 * OAuth 2 signing key. They are kept under the data directory so that derived client secrets and issued
 * tokens survive a restart; the files are readable by the owner only.
 */
export function developmentSecretKey(dataDir: string): string {
  return readOrCreate(join(dataDir, 'dev-secret-key'), () => randomBytes(32).toString('hex'));
}

export function developmentSigningKey(dataDir: string): string {
  return readOrCreate(join(dataDir, 'dev-oauth2-private-key.pem'), () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
}

function readOrCreate(path: string, create: () => string): string {
  if (existsSync(path)) {
    return readFileSync(path, 'utf8').trim();
  }
  mkdirSync(join(path, '..'), { recursive: true });
  const value = create();
  writeFileSync(path, value, { mode: 0o600 });
  return value.trim();
}
