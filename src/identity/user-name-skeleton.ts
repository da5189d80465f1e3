import unhomoglyph from 'unhomoglyph';
import { sha256Hex } from '../common/crypto/crypto';

/** UTS #39 §4 skeleton, with compatibility forms (fullwidth, mathematical letters) folded first as §3.1 expects. */
function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFKD')).normalize('NFKD');
}

/**
 * The key two names share when one could pass for the other, as MediaWiki's AntiSpoof decides: equal UTS #39
 * skeletons (`Admіn` with a Cyrillic і, `Ａdmin`, `Adm1n`) with case folded too (`ADMIN`). Case is folded between
 * two rounds of skeletons, so a capital that only looks like a Latin one (Cyrillic М) still meets it; and since
 * UTS #39 reads `I` as `l` while case reads it as `i`, those two meet as well. Stored as SHA-256 hex: one length,
 * and no database collation can bend it.
 */
export function userNameSkeleton(name: string): string {
  return sha256Hex(skeleton(skeleton(name).toLowerCase()).replace(/i/g, 'l'));
}
