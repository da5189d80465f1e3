import { type SafeHtml, html } from '../../common/html/html';
import type { UserSource } from '../../identity/federation/user-sources';
import type { UserProfile } from '../../identity/user-profile';
import type { FieldErrors } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import {
  button,
  checkbox,
  choiceGroup,
  csrfField,
  facts,
  formErrors,
  notice,
  pager,
  textField,
} from '../views/components';
import { yesNo } from '../views/yes-no';
import { timestamp } from '../views/timestamp';

export interface UserListView {
  users: UserProfile[];
  cursor?: string;
  nextCursor?: string;
  /** The groups an admin may give (the implicit `user` group is everyone's and not listed). */
  groups: string[];
  /** Every group with the rights it brings, as `GROUP_PERMISSIONS` configures them. */
  groupRights: { name: string; rights: string[] }[];
  csrfToken: string;
  /** What was posted to "Create a user", when it comes back with errors. */
  values?: { name?: string; email?: string; groups?: string[] };
  errors?: FieldErrors;
}

/** The accounts, 20 a page, then the form that creates one. */
export function userList(view: UserListView): SafeHtml {
  return html`${view.users.length === 0 ? html`<p>${t('admin.users.empty')}</p>` : usersTable(view.users)}
    ${pager('/admin/users', { cursor: view.cursor }, view.nextCursor)}
    <h2 id="create">${t('admin.users.create')}</h2>
    ${createForm(view)}
    <h2 id="groups">${t('admin.groups.title')}</h2>
    ${groupsTable(view.groupRights)}`;
}

/** Groups are configuration (`GROUP_PERMISSIONS`), so this is a reference for the forms above, not a form. */
function groupsTable(groups: UserListView['groupRights']): SafeHtml {
  return html`<p>${t('admin.groups.configured')}</p>
    <table class="cdx-table">
      <thead>
        <tr>
          <th scope="col">${t('admin.groups.group')}</th>
          <th scope="col">${t('admin.users.rights')}</th>
        </tr>
      </thead>
      <tbody>
        ${groups.map(
          (group) =>
            html`<tr>
              <td><code>${group.name}</code></td>
              <td>${group.rights.map((right) => html`<code>${right}</code> `)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function usersTable(users: UserProfile[]): SafeHtml {
  return html`<table class="cdx-table">
    <thead>
      <tr>
        <th scope="col">${t('admin.users.name')}</th>
        <th scope="col">${t('admin.users.email')}</th>
        <th scope="col">${t('admin.users.groups')}</th>
      </tr>
    </thead>
    <tbody>
      ${users.map(
        (user) =>
          html`<tr>
            <td><a href="/admin/users/${user.id}">${user.name}</a></td>
            <td>${user.email}</td>
            <td>${groupList(user.groups)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function createForm(view: UserListView): SafeHtml {
  const values = view.values ?? {};
  const errors = view.errors ?? {};
  return html`<form method="post" action="/admin/users" novalidate>
    ${formErrors(view.errors, {
      name: t('admin.users.name'),
      password: t('admin.users.password'),
      email: t('admin.users.email'),
      groups: t('admin.users.groups'),
    })}
    ${csrfField(view.csrfToken)}
    ${textField({
      name: 'name',
      label: t('admin.users.name'),
      value: values.name,
      error: errors.name,
      required: true,
      autocomplete: 'off',
    })}
    ${textField({
      name: 'password',
      label: t('admin.users.password'),
      type: 'password',
      help: t('admin.users.password-help'),
      error: errors.password,
      required: true,
      autocomplete: 'new-password',
    })}
    ${textField({
      name: 'email',
      label: t('admin.users.email'),
      type: 'email',
      value: values.email,
      error: errors.email,
      required: true,
    })}
    ${groupChoices(view.groups, values.groups ?? [], errors.groups)}
    <div class="gh-actions">${button(t('admin.users.create-button'), { kind: 'primary' })}</div>
  </form>`;
}

export type UserPageDone = 'created' | 'saved' | 'reset' | 'sessions-ended' | 'blocked' | 'unblocked' | 'unlinked';

export interface UserView {
  user: UserProfile;
  /** Where the account comes from (issue 22): local, or linked to the directory or an upstream provider. */
  source: UserSource;
  groups: string[];
  csrfToken: string;
  done?: UserPageDone;
  /** The viewer may block and unblock (MediaWiki's `block`). */
  mayBlock: boolean;
  /** The groups posted, when the form comes back with an error. */
  checked?: string[];
  errors?: FieldErrors;
}

/** One account's facts and the form that sets its groups. */
export function userPage(view: UserView): SafeHtml {
  const user = view.user;
  return html`${view.done ? notice('success', t(`admin.users.done-${view.done}`)) : ''}
    ${facts([
      [t('admin.users.name'), user.name],
      [t('admin.users.email'), user.email],
      [t('admin.users.email-confirmed'), yesNo(user.emailConfirmed)],
      [t('admin.users.registered'), timestamp(user.registeredAt.toISOString())],
      ...sourceFacts(view.source),
      [t('admin.users.groups'), groupList(user.groups)],
      [t('admin.users.rights'), user.rights.join(', ')],
      [
        t('admin.users.status'),
        user.locked ? t('admin.users.locked') : user.blocked ? t('admin.users.blocked') : t('admin.users.active'),
      ],
    ])}
    ${formErrors(view.errors, {
      groups: t('admin.users.groups'),
      password: t('admin.users.reset-password'),
      reason: t('admin.users.block-reason'),
    })}
    <form method="post" action="/admin/users/${user.id}" novalidate>
      ${csrfField(view.csrfToken)}
      ${groupChoices(view.groups, view.checked ?? user.groups, view.errors?.groups)}
      <div class="gh-actions">${button(t('admin.users.save-groups'), { kind: 'primary' })}</div>
    </form>
    <h2>${t('admin.users.reset-title')}</h2>
    <p>${t('admin.users.reset-intro')}</p>
    <form method="post" action="/admin/users/${user.id}/password" novalidate>
      ${csrfField(view.csrfToken)}
      ${textField({
        name: 'password',
        label: t('admin.users.reset-password'),
        type: 'password',
        error: view.errors?.password,
        required: true,
        autocomplete: 'new-password',
      })}
      <div class="gh-actions">${button(t('admin.users.reset-button'), { kind: 'destructive' })}</div>
    </form>
    <h2>${t('admin.users.sessions-title')}</h2>
    <form method="post" action="/admin/users/${user.id}/sessions/end">
      ${csrfField(view.csrfToken)}
      <p>${t('admin.users.sessions-intro')}</p>
      <div class="gh-actions">${button(t('admin.users.end-sessions'), { kind: 'destructive' })}</div>
    </form>
    ${view.mayBlock ? blockForm(view) : ''} ${view.source.kind === 'local' ? '' : unlinkForm(view)}
    <p><a href="/admin/users">${t('admin.users.back')}</a></p>`;
}

function sourceFacts(source: UserSource): [string, string | SafeHtml][] {
  if (source.kind === 'local') {
    return [[t('admin.users.source'), t('admin.users.source-local')]];
  }
  const synced = source.lastSyncedAt ? timestamp(source.lastSyncedAt.toISOString()) : t('admin.none');
  const where = { provider: source.provider ?? '', subject: source.subject ?? '' };
  return [
    [
      t('admin.users.source'),
      source.kind === 'directory'
        ? t('admin.users.source-directory', where)
        : t('admin.users.source-upstream', { ...where, provider: where.provider.replace(/^oidc:/, '') }),
    ],
    ...(source.kind === 'upstream'
      ? [[t('admin.users.issuer'), source.issuer ?? t('admin.users.issuer-unbound')] as [string, string]]
      : []),
    [t('admin.users.last-synced'), synced],
  ];
}

/** What `DELETE /api/admin/users/<id>/link` does, as a form. */
function unlinkForm(view: UserView): SafeHtml {
  return html`<h2>${t('admin.users.unlink-title')}</h2>
    <form method="post" action="/admin/users/${view.user.id}/unlink">
      ${csrfField(view.csrfToken)}
      <p>${t('admin.users.unlink-intro')}</p>
      <div class="gh-actions">${button(t('admin.users.unlink-button'), { kind: 'destructive' })}</div>
    </form>`;
}

function blockForm(view: UserView): SafeHtml {
  const blocked = view.user.blocked;
  return html`<h2>${t(blocked ? 'admin.users.unblock-title' : 'admin.users.block-title')}</h2>
    <form method="post" action="/admin/users/${view.user.id}/block" novalidate>
      ${csrfField(view.csrfToken)}
      <input type="hidden" name="blocked" value="${blocked ? 'false' : 'true'}" />
      ${textField({ name: 'reason', label: t('admin.users.block-reason'), error: view.errors?.reason, required: true })}
      <div class="gh-actions">
        ${button(t(blocked ? 'admin.users.unblock-button' : 'admin.users.block-button'), { kind: 'destructive' })}
      </div>
    </form>`;
}

function groupChoices(groups: string[], checked: string[], error: string | undefined): SafeHtml {
  return choiceGroup(
    { name: 'groups', legend: t('admin.users.groups'), error },
    groups.map((group) => checkbox({ name: 'groups', value: group, label: group, checked: checked.includes(group) })),
  );
}

function groupList(groups: string[]): string {
  return groups.length > 0 ? groups.join(', ') : t('admin.none');
}
