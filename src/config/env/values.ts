/** A comma-separated variable's items, trimmed, without empty ones. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A boolean word (checked by `IsBooleanWord`) as a boolean; `fallback` when the variable is unset. */
export function readBoolean(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(value.toLowerCase());
}
