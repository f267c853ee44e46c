import { dateTime, integer, nullableText, object, sha256, text, type Schema } from '../schema-parts';

/** The identity every registry artifact (workflow definition, agent) carries. */
export const artifact = (fields: Record<string, Schema>, optional: string[], description: string): Schema =>
  object(
    {
      name: text(),
      version: integer('Starts at 1; a push with new content adds one'),
      sha256: sha256('Of the canonical content'),
      description: nullableText(),
      ...fields,
      created_at: dateTime(),
    },
    { optional, description },
  );
