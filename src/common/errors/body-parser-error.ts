/** What Express's body parsers pass on when they refuse a body: `type` says why (`entity.too.large`, …). */
export interface BodyParserError {
  type: string;
  status: number;
}

export function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}
