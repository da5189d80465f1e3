import { ReviewQueueQueryDto } from '../../admin/dto/admin-queries.dto';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { LanguageParameter } from '../language-query';

/** `/admin/consumers?stage=&cursor=`: the JSON queue's query, as a page takes it. */
export class ReviewQueuePageQuery extends ReviewQueueQueryDto {
  @LanguageParameter()
  uselang?: string;
}

/** `/admin/users?cursor=` */
export class UserListPageQuery extends PageQueryDto {
  @LanguageParameter()
  uselang?: string;
}
