import { HttpException, HttpStatus } from '@nestjs/common';
import { CommonErrorCode } from '../errors/common.exception';
import { INPUT_LIMITS } from './input-limits';

/**
 * A request refused at the edge for its shape (body size, JSON depth, form fields, header lines). An HttpException,
 * so each route's filter answers it in its protocol's format; `code` is the management API's.
 */
export class InputRefusedException extends HttpException {
  constructor(
    readonly code: string,
    status: number,
    message: string,
  ) {
    super(message, status);
  }

  /** From body-parser's error (`type` names the cause), or from the JSON shape check, which mimics it. */
  static fromParserError(error: unknown): InputRefusedException {
    const { type, message } = error as { type?: unknown; message?: unknown };
    switch (type) {
      case 'entity.too.large':
        return new InputRefusedException(
          CommonErrorCode.PayloadTooLarge,
          HttpStatus.PAYLOAD_TOO_LARGE,
          'The request body is too large',
        );
      case 'parameters.too.many':
        return new InputRefusedException(
          CommonErrorCode.PayloadTooLarge,
          HttpStatus.PAYLOAD_TOO_LARGE,
          `A form may carry at most ${INPUT_LIMITS.formParameters} fields`,
        );
      case 'entity.parse.failed':
        return new InputRefusedException(
          CommonErrorCode.InvalidJson,
          HttpStatus.BAD_REQUEST,
          'The request body is not valid JSON',
        );
      case 'entity.too.complex':
        return new InputRefusedException(CommonErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, String(message));
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new InputRefusedException(
          CommonErrorCode.UnsupportedMediaType,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'Unsupported body encoding',
        );
      default:
        return new InputRefusedException(
          CommonErrorCode.ValidationFailed,
          HttpStatus.BAD_REQUEST,
          'The request body could not be read',
        );
    }
  }

  static tooManyHeaders(): InputRefusedException {
    return new InputRefusedException(
      CommonErrorCode.HeadersTooLarge,
      431, // RFC 6585 §5; Nest's HttpStatus has no name for it
      `A request may carry at most ${INPUT_LIMITS.headers} header lines`,
    );
  }
}
