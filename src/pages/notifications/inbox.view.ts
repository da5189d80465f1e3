import { type SafeHtml, html } from '../../common/html/html';
import type { InboxPageDto, NotificationDto } from '../../notifications/dto/notification.dto';
import { t } from '../../common/messages/catalogue';
import { currentLanguage } from '../../common/messages/language-context';
import { messageOf } from '../../notifications/notification-message';
import type { NotificationType } from '../../notifications/notification-rules';
import { button, csrfField, pager } from '../views/components';
import { timestamp } from '../views/timestamp';

/**
 * Where a notification leads, as Echo's primary link does: a proposal to its review, anything else to the app's
 * public page.
 */
function link(notification: NotificationDto): SafeHtml | '' {
  const consumer = notification.consumer;
  if (!consumer) {
    return '';
  }
  const key = encodeURIComponent(consumer.key);
  switch (notification.type) {
    case 'oauth-app-propose':
      return html`<a href="/admin/consumers/${key}">${t('notifications.review-app')}</a>`;
    case 'oauth-app-update':
      return html`<a href="/consumers/${key}">${t('notifications.review-app')}</a>`;
    default:
      return html`<a href="/consumers/${key}">${t('notifications.view-app')}</a>`;
  }
}

function entry(notification: NotificationDto, csrfToken: string): SafeHtml {
  const unread = notification.readAt === null;
  return html`<li class="gh-notification${unread ? ' gh-unread' : ''}">
    ${unread ? html`<span class="gh-stage">${t('notifications.unread')}</span>` : ''}
    <span>${inReadersLanguage(notification)}</span>
    ${notification.comment ? html`<div>${t('notifications.reason', { comment: notification.comment })}</div>` : ''}
    <div>${timestamp(notification.createdAt)} ${link(notification)}</div>
    ${
      unread
        ? html`<form method="post" action="/notifications/${notification.id}/read" class="gh-inline">
            ${csrfField(csrfToken)} ${button(t('notifications.mark-read'))}
          </form>`
        : ''
    }
  </li>`;
}

/** `/notifications`: newest first, unread ones marked and each with its own button, 20 to a page. */
export function inboxPage(inbox: InboxPageDto, cursor: string | undefined, csrfToken: string): SafeHtml {
  return html`${
    inbox.unreadCount > 0
      ? html`<form method="post" action="/notifications/read-all" class="gh-actions">
          <p>${t('notifications.unread-count', { count: inbox.unreadCount })}</p>
          ${csrfField(csrfToken)} ${button(t('notifications.mark-all-read'))}
        </form>`
      : ''
  }
  ${
    inbox.notifications.length === 0
      ? html`<p>${t('notifications.empty')}</p>`
      : html`<ul class="gh-notifications">
          ${inbox.notifications.map((notification) => entry(notification, csrfToken))}
        </ul>`
  }
  ${pager('/notifications', { cursor }, inbox.nextCursor)}`;
}

/** The notification's header in the reader's language; the API's English one where its consumer is hidden. */
function inReadersLanguage(notification: NotificationDto): string {
  const { actor, consumer } = notification;
  return actor && consumer
    ? messageOf(notification.type as NotificationType, actor.name, consumer.name, currentLanguage())
    : notification.message;
}
