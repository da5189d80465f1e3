import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { AppRequest } from '../common/http/app-request';
import { InputRefusedException } from '../common/http/input-refused.exception';
import { OAUTH1_ERRORS } from './mediawiki-errors';
import { formatOf, subpageOf } from './oauth1-request';
import { sendError } from './oauth1-response';

type RefusalStatus = Parameters<typeof OAUTH1_ERRORS.protocol>[1];

/** A request refused at the edge (too large, too many fields or headers) answers in MediaWiki's OAuth 1 format. */
@Catch(InputRefusedException)
export class Oauth1InputRefusalFilter implements ExceptionFilter {
  catch(exception: InputRefusedException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<AppRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    const error = OAUTH1_ERRORS.protocol(exception.message, exception.getStatus() as RefusalStatus);
    sendError(response, formatOf(subpageOf(request), request), error);
  }
}
