import { ApplicationFailure } from '@temporalio/common';
import jsonata from 'jsonata';
import { OUTPUT_REF_KEY, referenceReach, renderTemplates, resolveReference, TemplateError, templateReferences, type TemplateContext } from '@steadfast/domain';
import { storeIfLarge, withOutputStore, type OutputStore } from './output-store';

export interface ResolveStoredTemplatesArgs {
  /** Whole-string references that select inside a stored output. */
  references: string[];
  /** Strings that interpolate stored outputs. */
  texts: string[];
  /** The node's template context, references included (local activity input is not kept in history). */
  context: TemplateContext;
}

/** A value (a reference again when it is over 32 KiB), or the template error the node fails with. */
export type ResolvedTemplate = { value: unknown } | { error: string };

export interface ResolveStoredTemplatesResult {
  references: ResolvedTemplate[];
  texts: ResolvedTemplate[];
}

export interface EvaluateExpressionArgs {
  nodeId: string;
  expression: string;
  context: TemplateContext;
}

/** Local activities the workflow calls when a node's templates or expressions read a stored output. */
export function createStoredOutputActivities({ outputs }: { outputs: OutputStore }) {
  /** The full value a reference points at, selected in Postgres when it lies inside a stored output. */
  async function lookup(reference: string, ctx: TemplateContext): Promise<ResolvedTemplate> {
    const reach = referenceReach(reference, ctx);
    try {
      if (reach.kind === 'plain') return { value: resolveReference(reference, ctx) };
      const sha = reach.ref[OUTPUT_REF_KEY].sha256;
      const selected = await outputs.select(sha, reach.kind === 'into' ? reach.rest : []);
      if (!selected) throw ApplicationFailure.nonRetryable(`stored output ${sha} is missing from the output store`, 'StoredOutputMissing');
      if (selected.found) return { value: selected.value };
      // Not there: the ordinary resolver, over the output in full, names the missing step as it would inline.
      const content = (await outputs.getMany([sha])).get(sha);
      const local: Record<string | number, unknown> = {};
      let cursor = local;
      reach.prefix.forEach((step, i) => {
        cursor[step] = i === reach.prefix.length - 1 ? content : {};
        cursor = cursor[step] as Record<string | number, unknown>;
      });
      return { value: resolveReference(reference, local as unknown as TemplateContext) };
    } catch (err) {
      if (err instanceof TemplateError) return { error: err.message };
      throw err;
    }
  }

  return {
    async resolveStoredTemplates({ references, texts, context }: ResolveStoredTemplatesArgs): Promise<ResolveStoredTemplatesResult> {
      const cache = new Map<string, Promise<ResolvedTemplate>>();
      const resolve = (reference: string) => {
        if (!cache.has(reference)) cache.set(reference, lookup(reference, context));
        return cache.get(reference) as Promise<ResolvedTemplate>;
      };
      const small = async (resolved: ResolvedTemplate): Promise<ResolvedTemplate> =>
        'error' in resolved ? resolved : { value: await storeIfLarge(resolved.value, outputs) };

      const renderText = async (text: string): Promise<ResolvedTemplate> => {
        const values = new Map<string, ResolvedTemplate>();
        for (const reference of templateReferences(text)) values.set(reference, await resolve(reference));
        try {
          const rendered = renderTemplates(text, context, (reference) => {
            const resolved = values.get(reference) as ResolvedTemplate;
            if ('error' in resolved) throw new TemplateError(resolved.error);
            return resolved.value;
          });
          return small({ value: rendered });
        } catch (err) {
          if (err instanceof TemplateError) return { error: err.message };
          throw err;
        }
      };

      return {
        references: await Promise.all(references.map(async (reference) => small(await resolve(reference)))),
        texts: await Promise.all(texts.map(renderText)),
      };
    },

    // Runs JSONata next to the store when the context holds stored outputs: they are loaded here, not into history.
    ...withOutputStore(
      {
        async evaluateOverStoredOutputs({ nodeId, expression, context }: EvaluateExpressionArgs): Promise<unknown> {
          try {
            return (await jsonata(expression).evaluate(context)) ?? null;
          } catch (err) {
            throw ApplicationFailure.nonRetryable(`node "${nodeId}": expression failed: ${(err as Error).message}`, 'ExpressionError');
          }
        },
      },
      outputs,
    ),
  };
}

export type StoredOutputActivities = ReturnType<typeof createStoredOutputActivities>;
