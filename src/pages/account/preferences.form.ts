import { IsIn, IsString, MaxLength } from 'class-validator';
import { GENDERS, type Gender } from '../../common/messages/language-context';
import { LANGUAGES } from '../../common/messages/languages';

/** The preferences form: the fields of `PUT /api/me/preferences`, with an empty choice for "none". */
export class PreferencesForm {
  @IsIn(['', ...LANGUAGES])
  language!: string;

  @IsString()
  @MaxLength(64)
  timeZone!: string;

  @IsIn(GENDERS)
  gender!: Gender;
}
