import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { LanguageParameter } from '../language-query';

/** `GET /grants?cursor=&done=`: a page of my authorizations, and what the last form did. */
export class MyGrantsPageQuery extends PageQueryDto {
  @LanguageParameter()
  uselang?: string;

  @IsOptional()
  @IsIn(['revoked'])
  done?: 'revoked';
}
