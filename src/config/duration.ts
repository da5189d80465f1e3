/**
 * ISO 8601 durations as MediaWiki's `$wgOAuth2GrantExpirationInterval` takes them (`PT1H`, `P1M`, `P1DT12H`),
 * plus `infinity`. Months count as 30 days and years as 365, which is what a token lifetime needs.
 */
const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNIT_SECONDS = [365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1];

/** Seconds in the duration, `Infinity` for `infinity`, or `undefined` when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (text.toLowerCase() === 'infinity') {
    return Infinity;
  }
  const match = ISO_DURATION.exec(text.toUpperCase());
  if (!match) {
    return undefined;
  }
  return match.slice(1).reduce((total, part, i) => total + (part ? Number(part) * UNIT_SECONDS[i] : 0), 0);
}
