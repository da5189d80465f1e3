import type { AnswerObserver } from '../http/request-edge';
import type { PinoLogger } from './pino-logger';

/**
 * One log line per answered request. Only the path is logged, never the query string, headers or body: in OAuth
 * those carry tokens, codes and secrets. Below the `info` level nothing is built at all.
 */
export function accessLog(logger: PinoLogger): AnswerObserver {
  return ({ requestId, method, path, status, durationMs, user }) => {
    if (logger.accessLines.isLevelEnabled('info')) {
      logger.accessLines.info({ requestId, method, path, status, durationMs, user }, 'request');
    }
  };
}
