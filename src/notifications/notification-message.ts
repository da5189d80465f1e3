import type { NotificationType } from './notification-rules';

/** The English header Echo shows for each notification type (MediaWiki's `notification-oauth-app-*-title`). */
export function messageOf(type: NotificationType, actorName: string, consumerName: string): string {
  switch (type) {
    case 'oauth-app-propose':
      return `${actorName} proposed a new OAuth app: ${consumerName}`;
    case 'oauth-app-update':
      return `${actorName} updated the OAuth app ${consumerName}`;
    case 'oauth-app-approve':
      return `${actorName} approved your OAuth app (${consumerName})`;
    case 'oauth-app-reject':
      return `${actorName} rejected your OAuth app (${consumerName})`;
    case 'oauth-app-disable':
      return `${actorName} disabled your OAuth app (${consumerName})`;
    case 'oauth-app-reenable':
      return `${actorName} re-enabled your OAuth app (${consumerName})`;
  }
}
