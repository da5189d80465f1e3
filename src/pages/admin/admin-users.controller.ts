import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { PageQueryDto } from '../../common/http/page-query.dto';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import { IdentityErrorCode, IdentityException } from '../../identity/identity.exception';
import { IdentityService } from '../../identity/identity.service';
import { ResetPasswordDto } from '../../identity/dto/password.dto';
import type { UserProfile } from '../../identity/user-profile';
import type { AppRequest } from '../../common/http/app-request';
import { signedIn } from '../signed-in';
import type { FieldErrors } from '../form-validation';
import { validateForm } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import { PageAccess } from '../page-access';
import { PageException } from '../page.exception';
import { PageRenderer } from '../page-renderer';
import { type UserListView, type UserPageDone, userList, userPage } from './admin-users.view';
import { BlockUserForm, CreateUserForm, UserGroupsForm } from './user.form';
import { AccountSessions } from '../../identity/account-sessions.service';
import { UserSources } from '../../identity/federation/user-sources';

const PAGE_SIZE = 20;
const USER_PAGE_DONE: readonly UserPageDone[] = [
  'created',
  'saved',
  'reset',
  'sessions-ended',
  'blocked',
  'unblocked',
  'unlinked',
];
/** User ids as they appear in page paths. */
const USER_ID = /^[1-9]\d{0,9}$/;

/** Which field a refusal of `IdentityService` belongs beside. */
const ERROR_FIELDS: Partial<Record<IdentityErrorCode, string>> = {
  [IdentityErrorCode.UserExists]: 'name',
  [IdentityErrorCode.UserNameConfusable]: 'name',
  [IdentityErrorCode.InvalidUserName]: 'name',
  [IdentityErrorCode.UnknownGroup]: 'groups',
};

/**
 * User administration (right `userrights`): the accounts, "Create a user" and a user's groups, over the
 * `IdentityService` calls of `POST /api/admin/users` and `PUT /api/admin/users/<id>/groups`.
 */
@Controller('admin/users')
export class AdminUsersPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly identity: IdentityService,
    private readonly sessions: AccountSessions,
    private readonly sources: UserSources,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.UserRights] })
  list(@Req() request: AppRequest, @Res() response: Response, @Query() query: PageQueryDto): Promise<void> {
    return this.renderList(request, response, { cursor: query.cursor });
  }

  @Post()
  @PageAccess({ rights: [Right.UserRights] })
  async create(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const form = validateForm(CreateUserForm, body);
    const values = {
      name: typeof body.name === 'string' ? body.name : undefined,
      email: typeof body.email === 'string' ? body.email : undefined,
      groups: form.ok ? form.value.groups : [body.groups].flat().filter((group) => typeof group === 'string'),
    };
    if (!form.ok) {
      return this.renderList(request, response, { values, errors: form.errors }, HttpStatus.BAD_REQUEST);
    }
    let user: UserProfile;
    try {
      user = await this.identity.register(form.value);
    } catch (error) {
      const field = error instanceof IdentityException ? ERROR_FIELDS[error.code] : undefined;
      if (!field) {
        throw error;
      }
      const refusal = error as IdentityException;
      return this.renderList(request, response, { values, errors: { [field]: refusal.message } }, refusal.status);
    }
    this.pages.seeOther(response, `/admin/users/${user.id}?done=created`);
  }

  @Get(':id')
  @PageAccess({ rights: [Right.UserRights] })
  async show(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('id') id: string,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.renderUser(request, response, id, {
      done: USER_PAGE_DONE.find((known) => known === done),
    });
  }

  @Post(':id')
  @PageAccess({ rights: [Right.UserRights] })
  async saveGroups(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const user = await this.findUser(id);
    const form = validateForm(UserGroupsForm, body);
    if (!form.ok) {
      return this.renderUser(request, response, id, { errors: form.errors }, HttpStatus.BAD_REQUEST);
    }
    try {
      await this.identity.setGroups(user.id, form.value.groups);
    } catch (error) {
      if (!(error instanceof IdentityException) || error.code !== IdentityErrorCode.UnknownGroup) {
        throw error;
      }
      const state = { checked: form.value.groups, errors: { groups: error.message } };
      return this.renderUser(request, response, id, state, error.status);
    }
    this.pages.seeOther(response, `/admin/users/${user.id}?done=saved`);
  }

  @Post(':id/password')
  @PageAccess({ rights: [Right.UserRights] })
  async resetPassword(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const user = await this.findUser(id);
    const form = validateForm(ResetPasswordDto, body);
    if (!form.ok) {
      return this.renderUser(request, response, id, { errors: form.errors }, HttpStatus.BAD_REQUEST);
    }
    try {
      await this.identity.resetPassword(signedIn(request).userId, user.id, form.value.password);
    } catch (error) {
      if (!(error instanceof IdentityException) || error.code !== IdentityErrorCode.WeakPassword) {
        throw error;
      }
      return this.renderUser(request, response, id, { errors: { password: error.message } }, error.status);
    }
    this.pages.seeOther(response, `/admin/users/${user.id}?done=reset`);
  }

  @Post(':id/sessions/end')
  @PageAccess({ rights: [Right.UserRights] })
  async endSessions(@Req() request: AppRequest, @Res() response: Response, @Param('id') id: string): Promise<void> {
    const user = await this.findUser(id);
    await this.sessions.endAll(signedIn(request).userId, user.id);
    this.pages.seeOther(response, `/admin/users/${user.id}?done=sessions-ended`);
  }

  /** The page's way to `DELETE /api/admin/users/<id>/link`, under the same right (issue 22 §3). */
  @Post(':id/unlink')
  @PageAccess({ rights: [Right.UserRights] })
  async unlink(@Req() request: AppRequest, @Res() response: Response, @Param('id') id: string): Promise<void> {
    const user = await this.findUser(id);
    try {
      await this.sources.unlink(signedIn(request).userId, user.id);
    } catch (error) {
      // Not linked (any more): a second click, or another admin was first; the page shows how it stands.
      if (!(error instanceof IdentityException) || error.code !== IdentityErrorCode.UserNotFound) {
        throw error;
      }
    }
    this.pages.seeOther(response, `/admin/users/${user.id}?done=unlinked`);
  }

  @Post(':id/block')
  @PageAccess({ rights: [Right.Block] })
  async block(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const user = await this.findUser(id);
    const form = validateForm(BlockUserForm, body);
    if (!form.ok) {
      return this.renderUser(request, response, id, { errors: form.errors }, HttpStatus.BAD_REQUEST);
    }
    await this.identity.setBlocked(signedIn(request).userId, user.id, form.value.blocked, form.value.reason);
    this.pages.seeOther(response, `/admin/users/${user.id}?done=${form.value.blocked ? 'blocked' : 'unblocked'}`);
  }

  private async renderList(
    request: AppRequest,
    response: Response,
    state: Pick<UserListView, 'cursor' | 'values' | 'errors'>,
    status?: number,
  ): Promise<void> {
    const auth = signedIn(request);
    const page = await this.identity.listUsers({
      limit: PAGE_SIZE,
      cursor: state.cursor === undefined ? undefined : Number(state.cursor),
    });
    await this.pages.send(request, response, {
      title: t('admin.users.title'),
      status,
      body: userList({
        ...state,
        users: page.users,
        nextCursor: page.nextCursor,
        groups: this.assignableGroups(),
        groupRights: this.identity.groups(),
        csrfToken: auth.session.csrfToken,
      }),
    });
  }

  private async renderUser(
    request: AppRequest,
    response: Response,
    id: string,
    state: { done?: UserPageDone; checked?: string[]; errors?: FieldErrors },
    status?: number,
  ): Promise<void> {
    const auth = signedIn(request);
    const user = await this.findUser(id);
    await this.pages.send(request, response, {
      title: t('admin.users.user-title', { name: user.name }),
      status,
      body: userPage({
        ...state,
        user,
        source: (await this.sources.userWithSource(user.id)).source,
        groups: this.assignableGroups(),
        csrfToken: auth.session.csrfToken,
        mayBlock: auth.rights.has(Right.Block),
      }),
    });
  }

  private async findUser(id: string): Promise<UserProfile> {
    const user = USER_ID.test(id) ? await this.identity.findProfile(Number(id)) : undefined;
    if (!user) {
      throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
    }
    return user;
  }

  /** Every configured group but the implicit `user`, which every account is in anyway. */
  private assignableGroups(): string[] {
    return this.identity
      .groups()
      .map((group) => group.name)
      .filter((name) => name !== 'user');
  }
}
