import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LANGUAGES, type Language } from '../../common/messages/languages';

/** `GET /api/grants?lang=`: the JSON API is English unless the caller names a language for the descriptions. */
export class GrantsQueryDto {
  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'Language of the grant descriptions' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `lang must be one of ${LANGUAGES.join(', ')}` })
  lang?: Language;
}
