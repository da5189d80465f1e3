import { EN_ACCOUNT } from './en-account';
import { EN_ADMIN } from './en-admin';
import { EN_COMMON } from './en-common';
import { EN_CONSUMERS } from './en-consumers';
import { EN_DEVICE } from './en-device';
import { EN_FRAME } from './en-frame';
import { EN_GRANT_DESCRIPTIONS } from './en-grant-descriptions';
import { EN_GRANTS } from './en-grants';
import { EN_NOTIFICATIONS } from './en-notifications';
import { EN_OIDC } from './en-oidc';
import { EN_PREFERENCES } from './en-preferences';

/**
 * English, the source catalogue: every word the HTML pages show (the pages module, sign-in, consent), by key, as ICU
 * MessageFormat. Each area keeps its messages in its own `en-*.ts` file. Protocol error texts that clients match on
 * (MediaWiki's) are not here: they are part of the wire format.
 */
export const EN = {
  ...EN_FRAME,
  ...EN_COMMON,
  ...EN_CONSUMERS,
  ...EN_ADMIN,
  ...EN_GRANTS,
  ...EN_NOTIFICATIONS,
  ...EN_OIDC,
  ...EN_ACCOUNT,
  ...EN_DEVICE,
  ...EN_PREFERENCES,
  ...EN_GRANT_DESCRIPTIONS,
} as const;

export type MessageKey = keyof typeof EN;
