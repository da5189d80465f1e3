import { IsOptional, Matches } from 'class-validator';
import { LanguageParameter } from '../language-query';

/** `/notifications?cursor=`: the JSON inbox's cursor rule, and the page's language. */
export class InboxPageQuery {
  @LanguageParameter()
  uselang?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;
}
