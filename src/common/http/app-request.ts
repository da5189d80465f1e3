import type { Request } from 'express';
import type { AuthContext } from '../auth/auth-context';
import type { InputRefusedException } from './input-refused.exception';

/** An Express request as it travels through Gatehouse: with its id and, once the guard ran, its caller. */
export interface AppRequest extends Request {
  id: string;
  auth?: AuthContext;
  /** Set at the edge when the body or headers break INPUT_LIMITS; the guard answers it in the route's format. */
  inputRefusal?: InputRefusedException;
}
