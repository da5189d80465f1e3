/**
 * The named query parameters that were given a value: an empty filter field of a GET form means "no filter", and
 * a parameter repeated in a hand-made URL is not a value of a single field.
 */
export function nonEmpty(query: Record<string, unknown>, names: string[]): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = query[name];
    if (typeof value === 'string' && value.trim() !== '') {
      values[name] = value.trim();
    }
  }
  return values;
}
