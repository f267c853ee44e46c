import { CancellationScope } from '@temporalio/workflow';

/** Each running node's cancellation scope: a failure that fails the run cancels the others. */
export class NodeScopes {
  private readonly scopes = new Map<string, CancellationScope>();

  /** A child of the scope the scheduler runs in, so a cancel of the run reaches the node too. */
  open(nodeId: string): CancellationScope {
    const scope = new CancellationScope();
    this.scopes.set(nodeId, scope);
    return scope;
  }

  close(nodeId: string): void {
    this.scopes.delete(nodeId);
  }

  /** In launch order: the order of the cancel commands the workflow sends. */
  cancelAllBut(nodeId: string): void {
    for (const [id, scope] of this.scopes) if (id !== nodeId) scope.cancel();
  }
}
