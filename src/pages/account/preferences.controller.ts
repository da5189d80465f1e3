import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import type { AppRequest } from '../../common/http/app-request';
import { t } from '../../common/messages/catalogue';
import { isLanguage } from '../../common/messages/languages';
import { IdentityErrorCode, IdentityException } from '../../identity/identity.exception';
import { PreferencesService } from '../../identity/preferences/preferences.service';
import { type FieldErrors, validateForm } from '../form-validation';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { signedIn } from '../signed-in';
import { PreferencesForm } from './preferences.form';
import { preferencesPage } from './preferences.view';

/** "Preferences" (MediaWiki's Special:Preferences) over `PreferencesService`, as `PUT /api/me/preferences`. */
@Controller('account/preferences')
export class PreferencesPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly preferences: PreferencesService,
  ) {}

  @Get()
  @PageAccess({ rights: [Right.EditMyOptions] })
  show(@Req() request: AppRequest, @Res() response: Response, @Query('done') done?: string): Promise<void> {
    return this.render(request, response, done === '1');
  }

  @Post()
  @PageAccess({ rights: [Right.EditMyOptions] })
  async save(@Req() request: AppRequest, @Res() response: Response, @Body() body: unknown): Promise<void> {
    const form = validateForm(PreferencesForm, body);
    if (!form.ok) {
      return this.render(request, response, false, form.errors, HttpStatus.BAD_REQUEST);
    }
    const { language, timeZone, gender } = form.value;
    try {
      await this.preferences.replace(signedIn(request).userId, {
        language: isLanguage(language) ? language : null,
        timeZone: timeZone === '' ? null : timeZone,
        gender,
      });
    } catch (error) {
      if (error instanceof IdentityException && error.code === IdentityErrorCode.InvalidPreferences) {
        const errors = { timeZone: t('preferences.time-zone-invalid') };
        return this.render(request, response, false, errors, HttpStatus.BAD_REQUEST);
      }
      throw error;
    }
    // The next page already speaks the language just chosen.
    this.pages.seeOther(response, '/account/preferences?done=1');
  }

  private async render(
    request: AppRequest,
    response: Response,
    done: boolean,
    errors?: FieldErrors,
    status?: number,
  ): Promise<void> {
    const auth = signedIn(request);
    await this.pages.send(request, response, {
      title: t('preferences.title'),
      status,
      body: preferencesPage({
        csrfToken: auth.session.csrfToken,
        preferences: await this.preferences.get(auth.userId),
        done,
        errors,
      }),
    });
  }
}
