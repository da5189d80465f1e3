import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g;

/**
 * Reads one or more PEM keys from a variable's value: PEM text (`\n` escapes allowed, since env files
 * rarely carry real newlines), or comma-separated paths to files holding one or more PEM blocks.
 * Throws a message fit for a `ConfigError` when a file is missing or a block is not a key of the kind asked.
 */
export function readPemKeys(value: string, kind: 'private' | 'public'): string[] {
  const text = value.trimStart().startsWith('-----BEGIN') ? value.replace(/\\n/g, '\n') : readKeyFiles(value);
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new Error(`holds no PEM ${kind} key`);
  }
  for (const block of blocks) {
    try {
      if (kind === 'private') {
        createPrivateKey(block);
      } else {
        createPublicKey(block);
      }
    } catch {
      throw new Error(`holds a PEM block that is not a valid ${kind} key`);
    }
  }
  return blocks;
}

function readKeyFiles(paths: string): string {
  return paths
    .split(',')
    .map((path) => path.trim())
    .filter((path) => path !== '')
    .map((path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        throw new Error(`names a key file that cannot be read: ${path}`);
      }
    })
    .join('\n');
}
