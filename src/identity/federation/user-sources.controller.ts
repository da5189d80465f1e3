import { Controller, Delete, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context';
import { Authorize } from '../../common/auth/authorize.decorator';
import { CurrentAuth } from '../../common/auth/current-auth.decorator';
import { Right } from '../../common/auth/rights';
import { ErrorBodyDto } from '../../common/errors/error-body.dto';
import { UserDto, UserIdParamDto } from '../dto/user.dto';
import type { UserProfile } from '../user-profile';
import { type UserSource, UserSources } from './user-sources';

export class UserSourceDto {
  @ApiProperty({ enum: ['local', 'directory', 'upstream'] })
  kind!: 'local' | 'directory' | 'upstream';

  @ApiPropertyOptional({ example: 'ldap', description: '`ldap`, or `oidc:<name>` for an upstream OpenID Provider' })
  provider?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      'An upstream link: the issuer that vouches for the person (with `subject`, the key of the link); ' +
      'null for a link made before issuers were kept, recorded at its next sign-in',
  })
  issuer?: string | null;

  @ApiPropertyOptional({ description: 'The stable id in the source (entryUUID, objectGUID as hex, an OIDC sub)' })
  subject?: string;

  @ApiPropertyOptional()
  linkedAt?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  lastSyncedAt?: string | null;
}

export class UserWithSourceDto extends UserDto {
  @ApiProperty({ type: UserSourceDto })
  source!: UserSourceDto;

  static withSource({ user, source }: { user: UserProfile; source: UserSource }): UserWithSourceDto {
    return {
      ...UserDto.of(user),
      source: {
        ...source,
        linkedAt: source.linkedAt?.toISOString(),
        lastSyncedAt: source.lastSyncedAt === undefined ? undefined : (source.lastSyncedAt?.toISOString() ?? null),
      },
    };
  }
}

@ApiTags('admin: users')
@Controller('api/admin/users')
export class UserSourcesController {
  constructor(private readonly sources: UserSources) {}

  @Get(':id')
  @Authorize({ rights: [Right.UserRights] })
  @ApiOkResponse({
    type: UserWithSourceDto,
    description: 'The account, with its source (local, directory or upstream)',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async show(@Param() { id }: UserIdParamDto): Promise<UserWithSourceDto> {
    return UserWithSourceDto.withSource(await this.sources.userWithSource(Number(id)));
  }

  @Delete(':id/link')
  @Authorize({ rights: [Right.UserRights] })
  @ApiOkResponse({ type: UserWithSourceDto, description: 'Unlinked: a local account now, with no password (audited)' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'No such user, or not linked' })
  async unlink(@CurrentAuth() auth: AuthContext, @Param() { id }: UserIdParamDto): Promise<UserWithSourceDto> {
    return UserWithSourceDto.withSource(await this.sources.unlink(auth.userId, Number(id)));
  }
}
