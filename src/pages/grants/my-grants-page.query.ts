import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/http/page-query.dto';

/** `GET /grants?cursor=&done=`: a page of my authorizations, and what the last form did. */
export class MyGrantsPageQuery extends PageQueryDto {
  @IsOptional()
  @IsIn(['revoked'])
  done?: 'revoked';
}
