import { IsOptional, Matches } from 'class-validator';

/** `/notifications?cursor=`: the inbox's only parameter, the JSON inbox's cursor rule. */
export class InboxPageQuery {
  @IsOptional()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;
}
