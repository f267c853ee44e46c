import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReadyCheckDto {
  @ApiProperty()
  ok!: boolean;

  @ApiPropertyOptional({ description: 'Why the check failed' })
  error?: string;
}

export class ReadyChecksDto {
  @ApiProperty({ type: ReadyCheckDto })
  postgres!: ReadyCheckDto;

  @ApiProperty({ type: ReadyCheckDto })
  temporal!: ReadyCheckDto;
}

/** GET /ready: the same shape whether ready (200) or not (503). */
export class ReadyResponseDto {
  @ApiProperty()
  ready!: boolean;

  @ApiPropertyOptional({ description: 'Only when not ready: which dependencies do not answer', example: 'Not ready: temporal unavailable' })
  error?: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  timestamp!: string;

  @ApiProperty({ type: ReadyChecksDto })
  checks!: ReadyChecksDto;
}
