import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ADMIN_ACTIONS, type AdminAction } from '../../consumers/consumer-transitions';
import { ticked } from '../form-transforms';
import { t } from '../../common/messages/catalogue';

/**
 * The manage form: what `POST /api/admin/consumers/<key>/<action>` takes (`AdminActionDto`), with the action and
 * the change token (the API's `If-Match`) as fields. Unlike the API, the form insists on a reason, as MediaWiki's does.
 */
export class ManageConsumerForm {
  @IsIn(ADMIN_ACTIONS, { message: () => t('admin.manage.action-required') })
  action!: AdminAction;

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: () => t('admin.manage.reason-required') })
  @IsNotEmpty({ message: () => t('admin.manage.reason-required') })
  @MaxLength(255)
  reason!: string;

  @Transform(ticked)
  @IsOptional()
  @IsBoolean()
  suppress?: boolean;

  @IsString()
  @MaxLength(200)
  changeToken!: string;
}
