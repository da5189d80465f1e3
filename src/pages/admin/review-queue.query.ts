import { IsIn, IsOptional, Matches } from 'class-validator';
import { STAGE_NAMES, type StageName } from '../../consumers/consumer-stage';

/** `GET /admin/consumers?stage=&cursor=`: one stage of the queue (proposed by default), 20 a page. */
export class ReviewQueueQuery {
  @IsOptional()
  @IsIn(STAGE_NAMES)
  stage?: StageName;

  @IsOptional()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'cursor must be a nextCursor value' })
  cursor?: string;
}
