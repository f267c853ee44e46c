import { Injectable } from '@nestjs/common';
import { definitionHashContent } from '@steadfast/domain';
import { WorkflowDefinitionRepository, type Publication, type WorkflowDefinitionEntity } from '@steadfast/persistence';
import { canonicalSha256 } from '../common/canonical-sha256';
import { checkedDefinition } from './checked-definition';
import type { CreateWorkflowDto } from './dto/create-workflow.dto';

/**
 * POST /api/workflows: stores the normalised definition under the next version of its name, or answers
 * with the version that already holds exactly this content.
 */
@Injectable()
export class PublishWorkflowUseCase {
  constructor(private readonly definitions: WorkflowDefinitionRepository) {}

  execute(dto: CreateWorkflowDto): Promise<Publication<WorkflowDefinitionEntity>> {
    const { name, ...raw } = dto;
    const definition = checkedDefinition(raw, '');
    return this.definitions.publish({
      name,
      sha256: canonicalSha256(definitionHashContent(definition)),
      description: definition.description,
      definition: definition.dag,
      inputSchema: definition.input_schema,
    });
  }
}
