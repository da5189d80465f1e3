import { CommandError } from './command-error';

/** A `--reason`: what the audit log and the notifications say, so it may not be blank. */
export function reason(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new CommandError('--reason may not be empty: say why, it goes into the audit log');
  }
  return trimmed;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 date (`2026-12-01`, midnight UTC) or date-time with its offset (`2026-12-01T08:00:00Z`,
 * `…+01:00`): a time without an offset would depend on the machine's zone, so it is refused.
 */
export function instant(text: string, option: string): Date {
  const day = text.slice(0, 10);
  const date = new Date(ISO_DATE.test(text) ? `${text}T00:00:00Z` : text);
  const wellFormed = ISO_DATE.test(text) || ISO_DATE_TIME.test(text);
  // `Date` rolls 2026-02-30 over into March instead of refusing it.
  const midnight = new Date(`${day}T00:00:00Z`);
  const realDay = wellFormed && !Number.isNaN(midnight.getTime()) && midnight.toISOString().startsWith(day);
  if (!realDay || Number.isNaN(date.getTime())) {
    throw new CommandError(
      `${option} takes an ISO 8601 date or date-time with an offset (2026-12-01 or 2026-12-01T08:00:00Z), not "${text}"`,
    );
  }
  return date;
}

/** A comma-separated list of groups; blank entries are dropped, so "" is none. */
export function groupList(list: string): string[] {
  return list
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '');
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
