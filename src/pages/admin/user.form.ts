import { PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { BlockUserDto } from '../../identity/dto/session.dto';
import { CreateUserDto, SetGroupsDto } from '../../identity/dto/user.dto';
import { allValues } from '../form-transforms';

/** "Create a user": the fields of `POST /api/admin/users` a person fills in; the email counts as confirmed. */
export class CreateUserForm extends PickType(CreateUserDto, ['name', 'password', 'email', 'groups'] as const) {
  @Transform(allValues)
  override groups?: string[];
}

/** The groups form: what `PUT /api/admin/users/<id>/groups` takes. */
export class UserGroupsForm extends SetGroupsDto {
  @Transform(allValues)
  override groups: string[] = [];
}

/** The block form: what `PUT /api/admin/users/<id>/block` takes, the flag coming as the text a form sends. */
export class BlockUserForm extends BlockUserDto {
  @Transform(({ value }) => value === 'true' || value === true)
  override blocked = false;
}
