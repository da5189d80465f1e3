import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength } from 'class-validator';
import type { SessionSummary } from '../session.service';

export class SessionDto {
  @ApiProperty({ description: "The session's public name (OpenID Connect's sid); never its cookie" })
  id!: string;

  @ApiProperty({ description: 'The session this request came with' })
  current!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Last used, to within five minutes' })
  lastSeenAt!: string;

  @ApiProperty({ description: 'The address it was last used from' })
  ip!: string;

  @ApiProperty({ description: "The browser's User-Agent, its first 200 characters" })
  userAgent!: string;

  static of(session: SessionSummary, currentSid: string | undefined): SessionDto {
    return {
      id: session.sid,
      current: session.sid === currentSid,
      createdAt: new Date(session.createdAt).toISOString(),
      lastSeenAt: new Date(session.lastSeen).toISOString(),
      ip: session.ip,
      userAgent: session.userAgent,
    };
  }
}

export class SessionIdParamDto {
  @ApiProperty()
  @Matches(/^[0-9a-f]{32}$/, { message: 'id must be a session id (32 hex digits)' })
  sid!: string;
}

export class EndedSessionsDto {
  @ApiProperty({ description: 'How many sessions ended' })
  ended!: number;
}

export class BlockUserDto {
  @ApiProperty({ description: 'true blocks the account, false unblocks it' })
  @IsBoolean()
  blocked!: boolean;

  @ApiProperty({ description: 'Why, for the audit log', maxLength: 255 })
  @IsString()
  @MaxLength(255)
  reason!: string;
}
