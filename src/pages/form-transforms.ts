import type { TransformFnParams } from 'class-transformer';

/**
 * How HTML forms arrive (urlencoded): a ticked checkbox sends its value, an unticked one nothing; a repeated field
 * is an array only when it was sent more than once; browsers send CRLF line ends from textareas.
 */

/** A checkbox: ticked or not. */
export function ticked({ value }: TransformFnParams): boolean {
  return value === 'true' || value === true;
}

/** Every value of a repeated field (checkbox group), as a list. */
export function allValues({ value }: TransformFnParams): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** A textarea of one entry per line: the non-empty lines, trimmed. */
export function lines({ value }: TransformFnParams): unknown {
  return typeof value === 'string'
    ? value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
    : value;
}

/** Text that may be left empty: empty means not given; line ends as the JSON API would receive them. */
export function optionalText({ value }: TransformFnParams): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  return value.trim() === '' ? undefined : value.replace(/\r\n/g, '\n');
}
