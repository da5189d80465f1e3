import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

/** The first problem of each field, by field name, for inline messages beside the inputs. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a posted form against its class-validator DTO (the same rules as the JSON API's DTOs). Unlike the
 * global pipe it answers the errors per field, so the page can show each one beside its input; fields the form
 * does not declare (the CSRF token, the button) are dropped.
 */
export function validateForm<T extends object>(type: ClassConstructor<T>, body: unknown): FormResult<T> {
  const value = plainToInstance(type, body ?? {});
  const errors = validateSync(value, { whitelist: true, forbidUnknownValues: false });
  if (errors.length === 0) {
    return { ok: true, value };
  }
  return { ok: false, errors: fieldErrors(errors) };
}

function fieldErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const result: FieldErrors = {};
  for (const error of errors) {
    const name = `${prefix}${error.property}`;
    const first = Object.values(error.constraints ?? {})[0];
    if (first) {
      result[name] = first;
    }
    Object.assign(result, fieldErrors(error.children ?? [], `${name}.`));
  }
  return result;
}
