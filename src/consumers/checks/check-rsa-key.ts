import { createPublicKey } from 'node:crypto';
import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';

/** OAuth 1 RSA-SHA1 consumers register a PEM public key, which must parse and be RSA (reference §2.2). */
export function checkRsaKey(pem: string): string {
  try {
    if (createPublicKey(pem).asymmetricKeyType === 'rsa') {
      return pem.trim();
    }
  } catch {
    // reported below, as for a key of the wrong type
  }
  throw new ConsumerException(ConsumerErrorCode.InvalidRsaKey, 'Invalid public key (must be a PEM RSA public key)');
}
