import { ApiProperty } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class ReadinessDto {
  /** `draining`: the process received SIGTERM and stops once the drain delay is over. */
  @ApiProperty({ enum: ['ok', 'unavailable', 'draining'] })
  status!: 'ok' | 'unavailable' | 'draining';

  @ApiProperty({ enum: ['ok', 'unavailable'] })
  database!: 'ok' | 'unavailable';

  @ApiProperty({ enum: ['ok', 'unavailable'] })
  cache!: 'ok' | 'unavailable';
}
