/** Consumer keys are 32 lowercase hex characters (DESIGN §6); anything else names no consumer. */
export function isConsumerKey(key: string): boolean {
  return /^[0-9a-f]{32}$/.test(key);
}
