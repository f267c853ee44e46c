import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { PatchesController } from './patches.controller';
import { PatchQueryService } from './patch-query.service';
import { ProposePatchUseCase } from './propose-patch.use-case';
import { RunDefinitionReader } from './run-definition.reader';

@Module({
  imports: [RunsModule],
  controllers: [PatchesController],
  providers: [ProposePatchUseCase, PatchQueryService, RunDefinitionReader],
})
export class PatchesModule {}
