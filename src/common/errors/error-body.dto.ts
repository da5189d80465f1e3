import { ApiProperty } from '@nestjs/swagger';

/** The one error shape of the management API (DESIGN §11). */
export class ErrorBodyDto {
  @ApiProperty({ description: 'Stable machine-readable code', example: 'permission_denied' })
  code!: string;

  @ApiProperty({ description: 'Human-readable reason', example: 'This action needs the right userrights' })
  message!: string;

  @ApiProperty({ description: 'Id of the request, also in the X-Request-Id header and the logs' })
  requestId!: string;
}
