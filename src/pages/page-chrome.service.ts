import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../common/auth/auth-context';
import { Right } from '../common/auth/rights';
import type { NavLink, PageChrome } from '../common/html/layout';
import { InboxService } from '../notifications/inbox.service';
import { type MessageKey, t } from '../common/messages/catalogue';

/** Header links and the right each needs (none: any signed-in person). */
const NAVIGATION: { href: string; label: MessageKey; right?: Right }[] = [
  { href: '/consumers', label: 'nav.apps' },
  { href: '/consumers/register', label: 'nav.register', right: Right.ProposeConsumer },
  { href: '/consumers/mine', label: 'nav.my-apps', right: Right.ProposeConsumer },
  { href: '/grants', label: 'nav.my-grants', right: Right.ManageMyGrants },
  { href: '/admin/consumers', label: 'nav.queue', right: Right.ManageConsumer },
  { href: '/admin/users', label: 'nav.users', right: Right.UserRights },
];

/** The header of a page for the person looking at it: the links their rights open, and their unread count. */
@Injectable()
export class PageChromeService {
  constructor(private readonly inbox: InboxService) {}

  async for(auth: AuthContext | undefined): Promise<PageChrome | undefined> {
    if (!auth?.session) {
      return undefined;
    }
    const nav: NavLink[] = NAVIGATION.filter((link) => !link.right || auth.rights.has(link.right)).map((link) => ({
      href: link.href,
      label: t(link.label),
    }));
    nav.push({
      href: '/notifications',
      label: t('nav.notifications'),
      badge: await this.inbox.unreadCount(auth),
    });
    return { userName: auth.userName, csrfToken: auth.session.csrfToken, nav };
  }
}
