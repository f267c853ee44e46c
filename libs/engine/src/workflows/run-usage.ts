import { addUsage, ZERO_USAGE, type TokenUsage } from '@steadfast/domain';

/** Tokens the run's nodes used, failed agents included; undefined while no node has reported any. */
export class RunUsage {
  total: TokenUsage | undefined;

  add(usage: TokenUsage): void {
    this.total = addUsage(this.total ?? ZERO_USAGE, usage);
  }
}
