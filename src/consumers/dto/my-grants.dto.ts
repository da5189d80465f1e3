import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { OwnerDto } from './consumer.dto';

export class AuthorizedConsumerDto {
  @ApiProperty()
  consumerKey!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  version!: string;

  @ApiProperty({ type: OwnerDto })
  owner!: OwnerDto;
}

/** One authorization: which consumer may act for the user, with which grants, where. */
export class AuthorizationDto {
  @ApiProperty({ description: 'Acceptance id, for DELETE /api/me/grants/{id}' })
  id!: number;

  @ApiProperty({ type: AuthorizedConsumerDto })
  consumer!: AuthorizedConsumerDto;

  @ApiProperty({ type: [String] })
  grants!: string[];

  @ApiProperty()
  wiki!: string;

  @ApiProperty()
  acceptedAt!: string;

  @ApiProperty({ enum: [1, 2] })
  oauthVersion!: 1 | 2;
}

export class MyGrantsQueryDto {
  @ApiPropertyOptional({ description: "Another user's authorizations (needs mwoauthviewprivate)" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user?: string;
}

export class AcceptanceIdParamDto {
  @Matches(/^[1-9]\d{0,9}$/, { message: 'id must be a positive integer' })
  id!: string;
}
