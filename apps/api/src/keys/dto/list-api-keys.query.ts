import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { TENANT_ID } from '@steadfast/domain';
import { PageQuery } from '../../common/page.query';

/** `GET /api/keys?tenant=&limit=&cursor=`. */
export class ListApiKeysQuery extends PageQuery {
  @ApiPropertyOptional({ type: 'string', pattern: TENANT_ID.source, description: "Only keys of this tenant (an admin key sees every tenant's keys)" })
  @IsOptional()
  @Matches(TENANT_ID, { message: 'tenant must be 1-63 lower-case letters, digits, "_" or "-", starting with a letter or digit' })
  tenant?: string;
}
