import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Right } from '../../common/auth/rights';
import type { UserProfile } from '../user-profile';

const GROUP_NAME = /^[\w-]{1,64}$/;

export class UserSummaryDto {
  @ApiProperty({ description: 'Central user id' })
  id!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: [String], description: 'Explicit groups; every account is also in the implicit group "user"' })
  groups!: string[];

  @ApiProperty({ type: [String] })
  rights!: string[];

  static of(user: UserProfile): UserSummaryDto {
    return { id: user.id, name: user.name, groups: user.groups, rights: user.rights };
  }
}

export class MeDto extends UserSummaryDto {
  @ApiPropertyOptional({
    description: 'Only for callers holding viewmyprivateinfo (MediaWiki: meta=userinfo&uiprop=email)',
  })
  email?: string;

  /** `user` carries the caller's rights in force for this request, which decide whether the email is shown. */
  static override of(user: UserProfile): MeDto {
    const summary = UserSummaryDto.of(user);
    return user.rights.includes(Right.ViewMyPrivateInfo) ? { ...summary, email: user.email } : summary;
  }
}

export class UserDto extends UserSummaryDto {
  @ApiProperty()
  email!: string;

  @ApiProperty()
  realName!: string;

  @ApiProperty()
  emailConfirmed!: boolean;

  @ApiProperty()
  registeredAt!: string;

  @ApiProperty()
  blocked!: boolean;

  @ApiProperty()
  locked!: boolean;

  static override of(user: UserProfile): UserDto {
    return {
      ...UserSummaryDto.of(user),
      email: user.email,
      realName: user.realName,
      emailConfirmed: user.emailConfirmed,
      registeredAt: user.registeredAt.toISOString(),
      blocked: user.blocked,
      locked: user.locked,
    };
  }
}

export class CreateUserDto {
  @ApiProperty({
    example: 'Alice',
    description:
      'MediaWiki rules: 1-85 characters, none of # < > [ ] | { } / @ : =, no invisible or control characters and ' +
      'no space but " "; stored in NFC; refused (409) when it looks like an existing name (UTS #39, case aside)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(85)
  @Matches(/^[^#<>[\]|{}/@:=]+$/, { message: 'name must not contain any of # < > [ ] | { } / @ : =' })
  name!: string;

  @ApiProperty({ format: 'password', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ example: 'alice@example.com' })
  @IsEmail()
  @MaxLength(255)
  email!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  realName?: string;

  @ApiPropertyOptional({ type: [String], example: ['oauthadmin'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @Matches(GROUP_NAME, { each: true, message: 'each group must be a group name' })
  groups?: string[];

  @ApiPropertyOptional({ default: true, description: 'Whether the email address counts as confirmed' })
  @IsOptional()
  @IsBoolean()
  emailConfirmed?: boolean;
}

export class SetGroupsDto {
  @ApiProperty({ type: [String], example: ['oauthadmin'] })
  @IsArray()
  @ArrayMaxSize(32)
  @Matches(GROUP_NAME, { each: true, message: 'each group must be a group name' })
  groups!: string[];
}

export class UserIdParamDto {
  @ApiProperty()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'id must be a positive integer' })
  id!: string;
}

export class GroupDto {
  @ApiProperty()
  name!: string;

  @ApiProperty({ type: [String] })
  rights!: string[];
}
