import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiSuccess, many, NEXT_CURSOR, one } from '../common/api-success.decorator';
import { ApiErrors, Fails, JSON_BODY_FAILURES } from '../common/api-errors.decorator';
import { presentApiKey } from './api-key.presenter';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ListApiKeysQuery } from './dto/list-api-keys.query';

@ApiTags('keys')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('api/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for any tenant; the key (`secret`) is in this answer and never again' })
  @ApiErrors(...JSON_BODY_FAILURES)
  @ApiSuccess(201, 'The key, with its secret (shown only here)', { key: one('NewApiKey') })
  async create(@Body() dto: CreateApiKeyDto) {
    const { key, secret } = await this.keys.create(dto);
    return { success: true, key: { ...presentApiKey(key), secret } };
  }

  @Get()
  @ApiOperation({ summary: 'API keys, newest first, optionally of one tenant; prefixes only, never secrets' })
  @ApiErrors(Fails.invalidRequest, Fails.invalidCursor)
  @ApiSuccess(200, 'A page of keys', { keys: many('ApiKey'), next_cursor: NEXT_CURSOR })
  async list(@Query() query: ListApiKeysQuery) {
    const { keys, nextCursor } = await this.keys.list(query);
    return { success: true, keys: keys.map(presentApiKey), next_cursor: nextCursor };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key: every API process refuses it from the next request' })
  @ApiErrors(Fails.notFound('no API key with this id'))
  @ApiSuccess(200, 'The revoked key (revoking a revoked key answers with it as it is)', { key: one('ApiKey') })
  async revoke(@Param('id') id: string) {
    return { success: true, key: presentApiKey(await this.keys.revoke(id)) };
  }
}
