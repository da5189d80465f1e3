import type { HttpStatus } from '@nestjs/common';

/**
 * Base of every module's management-API error: a stable machine code, the HTTP status it maps to and a
 * message safe to show. Modules subclass it with their own code enum and an exhaustive status table.
 */
export class AppException<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly status: HttpStatus,
    message: string,
    /** Response headers the answer carries, such as `Retry-After` on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
