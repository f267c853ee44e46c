import { Injectable } from '@nestjs/common';
import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { containsOutputRef, OUTPUT_REF_KEY } from '@steadfast/domain';
import { ApiConfig } from '../../config/api-config';

/** `input` is a string up to RUN_INPUT_STRING_MAX characters or an object up to RUN_INPUT_OBJECT_MAX bytes of JSON. */
@Injectable()
@ValidatorConstraint({ name: 'runInput' })
export class RunInputConstraint implements ValidatorConstraintInterface {
  constructor(private readonly config: ApiConfig) {}

  validate(value: unknown): boolean {
    return this.problem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args.value) ?? 'input is invalid';
  }

  private problem(value: unknown): string | undefined {
    const { runInputStringMax, runInputObjectMax } = this.config.values.limits;
    if (typeof value === 'string') {
      return value.length > runInputStringMax ? `input must be at most ${runInputStringMax} characters` : undefined;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // Only the engine makes stored-output references: one sent in could read another run's output.
      if (containsOutputRef(value)) return `input must not contain a stored-output reference ({"${OUTPUT_REF_KEY}": ...})`;
      const bytes = Buffer.byteLength(JSON.stringify(value));
      return bytes > runInputObjectMax ? `input must serialise to at most ${runInputObjectMax} bytes of JSON` : undefined;
    }
    return 'input must be a string or an object';
  }
}
