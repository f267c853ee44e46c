import { Module } from '@nestjs/common';
import { PublishDefinitionUseCase } from './publish-definition.use-case';
import { DefinitionQueryService } from './definition-query.service';
import { DefinitionsController } from './definitions.controller';

@Module({
  controllers: [DefinitionsController],
  providers: [PublishDefinitionUseCase, DefinitionQueryService],
  exports: [DefinitionQueryService],
})
export class DefinitionsModule {}
