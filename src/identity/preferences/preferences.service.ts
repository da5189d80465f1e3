import { Injectable } from '@nestjs/common';
import type { Gender, ViewerPreferences } from '../../common/messages/language-context';
import type { Language } from '../../common/messages/languages';
import { IdentityErrorCode, IdentityException } from '../identity.exception';
import { UserRepository } from '../user.repository';
import { canonicalTimeZone, preferencesOf } from './user-preferences';

/** A whole new set of preferences: null language or time zone means "not chosen". */
export interface PreferencesChange {
  language: Language | null;
  timeZone: string | null;
  gender: Gender;
}

/** A person's own preferences (MediaWiki's Special:Preferences: language, time offset, gender). */
@Injectable()
export class PreferencesService {
  constructor(private readonly users: UserRepository) {}

  async get(userId: number): Promise<ViewerPreferences> {
    const user = await this.users.findById(userId);
    if (!user) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, 'The signed-in account no longer exists');
    }
    return preferencesOf(user);
  }

  /** Saves `change`; the time zone is stored under its canonical IANA name. */
  async replace(userId: number, change: PreferencesChange): Promise<ViewerPreferences> {
    const timeZone = change.timeZone === null ? null : canonicalTimeZone(change.timeZone);
    if (timeZone === undefined) {
      throw new IdentityException(IdentityErrorCode.InvalidPreferences, 'timeZone must be an IANA time zone name');
    }
    await this.users.setPreferences(userId, { language: change.language, timeZone, gender: change.gender });
    return this.get(userId);
  }
}
