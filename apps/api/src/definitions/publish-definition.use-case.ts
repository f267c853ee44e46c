import { Injectable } from '@nestjs/common';
import { definitionHashContent } from '@steadfast/domain';
import { WorkflowDefinitionRepository, type Publication, type WorkflowDefinitionEntity, contentAddress } from '@steadfast/persistence';
import { checkedDefinition } from './checked-definition';
import type { CreateWorkflowDto } from './dto/create-workflow.dto';

/**
 * POST /api/workflows: stores the normalised definition under the next version of its name, or answers
 * with the version that already holds exactly this content.
 */
@Injectable()
export class PublishDefinitionUseCase {
  constructor(private readonly definitions: WorkflowDefinitionRepository) {}

  execute(tenant: string, dto: CreateWorkflowDto): Promise<Publication<WorkflowDefinitionEntity>> {
    const { name, ...raw } = dto;
    const definition = checkedDefinition(raw, '');
    return this.definitions.publish({
      tenant,
      name,
      sha256: contentAddress(definitionHashContent(definition)).sha256,
      description: definition.description,
      definition: definition.dag,
      inputSchema: definition.input_schema,
    });
  }
}
