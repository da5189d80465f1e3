import { PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { CreateUserDto, SetGroupsDto } from '../../identity/dto/user.dto';

/** Ticked checkboxes sharing a name arrive as one string, several as an array, none at all as nothing. */
const checkedValues = ({ value }: { value: unknown }): unknown =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** "Create a user": the fields of `POST /api/admin/users` a person fills in; the email counts as confirmed. */
export class CreateUserForm extends PickType(CreateUserDto, ['name', 'password', 'email', 'groups'] as const) {
  @Transform(checkedValues)
  override groups?: string[];
}

/** The groups form: what `PUT /api/admin/users/<id>/groups` takes. */
export class UserGroupsForm extends SetGroupsDto {
  @Transform(checkedValues)
  override groups: string[] = [];
}
