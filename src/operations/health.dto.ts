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

  @ApiProperty({
    enum: ['ok', 'unavailable'],
    isArray: true,
    required: false,
    description:
      'Each replica of DATABASE_REPLICA_URLS, in its order (present only when some are configured). A replica ' +
      'down does not make the instance unready: its reads go to the primary.',
  })
  replicas?: ('ok' | 'unavailable')[];
}
