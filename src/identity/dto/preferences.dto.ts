import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { GENDERS, type Gender, type ViewerPreferences } from '../../common/messages/language-context';
import { LANGUAGES, type Language } from '../../common/messages/languages';

/** `PUT /api/me/preferences`: every preference, null where the person chooses none. */
export class PreferencesDto {
  @ApiProperty({
    enum: LANGUAGES,
    nullable: true,
    description: 'Language of the pages; null: negotiate it (uselang, then Accept-Language, then the default)',
  })
  @ValidateIf((body: PreferencesDto) => body.language !== null)
  @IsIn(LANGUAGES, { message: `language must be null or one of ${LANGUAGES.join(', ')}` })
  language!: Language | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Asia/Tokyo',
    description: 'IANA time zone name for dates on the pages; null: UTC',
  })
  @ValidateIf((body: PreferencesDto) => body.timeZone !== null)
  @IsString({ message: 'timeZone must be null or an IANA time zone name' })
  @MaxLength(64)
  timeZone!: string | null;

  @ApiProperty({ enum: GENDERS, description: "MediaWiki's gender preference, for messages that inflect" })
  @IsIn(GENDERS)
  gender!: Gender;

  static of(preferences: ViewerPreferences): PreferencesDto {
    return {
      language: preferences.language ?? null,
      timeZone: preferences.timeZone ?? null,
      gender: preferences.gender,
    };
  }
}
