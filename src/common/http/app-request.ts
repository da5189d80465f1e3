import type { Request } from 'express';
import type { AuthContext } from '../auth/auth-context';

/** An Express request as it travels through Gatehouse: with its id and, once the guard ran, its caller. */
export interface AppRequest extends Request {
  id: string;
  auth?: AuthContext;
}
