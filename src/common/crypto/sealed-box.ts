import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a key derived from the server key and a purpose: for values that must be kept for a moment
 * (in the cache, say) without the kept copy being usable on its own (DESIGN §6). `open` answers undefined for
 * anything not sealed by the same key and purpose.
 */
export class SealedBox {
  private readonly key: Buffer;

  constructor(serverKey: string, purpose: string) {
    this.key = createHmac('sha256', serverKey).update(`gatehouse:sealed-box:${purpose}`).digest();
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(sealed: string): string | undefined {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < 28) {
      return undefined;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
