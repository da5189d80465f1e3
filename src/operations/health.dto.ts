import { ApiProperty } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ enum: ['ok', 'unavailable'] })
  database!: 'ok' | 'unavailable';

  @ApiProperty({ enum: ['ok', 'unavailable'] })
  cache!: 'ok' | 'unavailable';
}
