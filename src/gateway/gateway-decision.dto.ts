import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class GatewayDecisionDto {
  @ApiProperty()
  allowed!: boolean;

  @ApiPropertyOptional({ description: 'Why the request is refused' })
  reason?: string;
}
