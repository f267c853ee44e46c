import { Injectable } from '@nestjs/common';
import { DomainErrorCode, WORKFLOW_NAME } from '@steadfast/domain';
import { WorkflowDefinitionRepository, type WorkflowDefinitionEntity } from '@steadfast/persistence';
import { RegistryReader } from '../registry/registry-reader';

/** Reads of stored definitions; unknown names and versions are 404 WORKFLOW_NOT_FOUND. */
@Injectable()
export class DefinitionQueryService extends RegistryReader<WorkflowDefinitionEntity> {
  constructor(definitions: WorkflowDefinitionRepository) {
    super(definitions, { noun: 'workflow', name: WORKFLOW_NAME, notFound: DomainErrorCode.WorkflowNotFound });
  }
}
