import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { parseWorkflowRef } from '@steadfast/domain';

/** `workflow` names a stored definition (`"name"`, `"name@3"`) or is one, inline. */
@ValidatorConstraint({ name: 'workflowField' })
export class WorkflowFieldConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value === 'string') return parseWorkflowRef(value) !== undefined;
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  defaultMessage(): string {
    return 'workflow must be a definition name, "name@version" (version a positive integer), or an inline definition object';
  }
}
