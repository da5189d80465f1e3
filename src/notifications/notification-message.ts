import type { MessageKey } from '../common/messages/catalogue';
import { tIn } from '../common/messages/catalogue';
import type { Language } from '../common/messages/languages';
import type { NotificationType } from './notification-rules';

const KEYS: Record<NotificationType, MessageKey> = {
  'oauth-app-propose': 'notification.oauth-app-propose',
  'oauth-app-update': 'notification.oauth-app-update',
  'oauth-app-approve': 'notification.oauth-app-approve',
  'oauth-app-reject': 'notification.oauth-app-reject',
  'oauth-app-disable': 'notification.oauth-app-disable',
  'oauth-app-reenable': 'notification.oauth-app-reenable',
};

/**
 * The header Echo shows for each notification type (MediaWiki's `notification-oauth-app-*-title`), in `language`:
 * English in the JSON API (a contract with machines), the reader's language on the inbox page, the deployment's
 * default language in the webhook, whose receiver shows it to people.
 */
export function messageOf(
  type: NotificationType,
  actorName: string,
  consumerName: string,
  language: Language = 'en',
): string {
  return tIn(language, KEYS[type], { actor: actorName, app: consumerName });
}
