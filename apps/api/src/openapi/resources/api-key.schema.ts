import { SCOPES } from '@steadfast/domain';
import { dateTime, listOf, nullableDateTime, nullableText, object, oneOf, text, type Schema } from '../schema-parts';

const apiKeyFields: Record<string, Schema> = {
  id: text(),
  tenant: text(),
  name: text(),
  prefix: text('The first characters of the key: enough to recognise it, useless to use it'),
  scopes: listOf(oneOf(SCOPES)),
  user: nullableText(),
  roles: listOf(text()),
  created_at: dateTime(),
  revoked_at: nullableDateTime(),
  last_used_at: nullableDateTime(),
};

export const API_KEY: Schema = object(apiKeyFields, { description: 'An API key, without its secret' });
export const NEW_API_KEY: Schema = object(
  { ...apiKeyFields, secret: text('The key itself: shown in this answer only') },
  { description: 'A key just created, with its secret' },
);
