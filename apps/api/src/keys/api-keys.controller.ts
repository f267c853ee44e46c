import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
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
  async create(@Body() dto: CreateApiKeyDto) {
    const { key, secret } = await this.keys.create(dto);
    return { success: true, key: { ...presentApiKey(key), secret } };
  }

  @Get()
  @ApiOperation({ summary: 'API keys, newest first, optionally of one tenant; prefixes only, never secrets' })
  async list(@Query() query: ListApiKeysQuery) {
    const { keys, nextCursor } = await this.keys.list(query);
    return { success: true, keys: keys.map(presentApiKey), next_cursor: nextCursor };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key: every API process refuses it from the next request' })
  async revoke(@Param('id') id: string) {
    return { success: true, key: presentApiKey(await this.keys.revoke(id)) };
  }
}
