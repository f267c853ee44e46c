import type { ChatRequest, Responder, ScriptedReply } from './scripted-model.types';

export const SCRIPTED_MODEL_NAME = 'steadfast-scripted';

const NOTICE = `This answer comes from ${SCRIPTED_MODEL_NAME}, the built-in offline model; set OPENAI_API_KEY (or OPENAI_BASE_URL) for a real one.`;

/** A value of the shape a JSON Schema asks for, filled with placeholders, so demo output passes output_schema. */
export function placeholderFor(schema: unknown, text: string): unknown {
  if (typeof schema !== 'object' || schema === null) return text;
  const s = schema as Record<string, unknown>;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type: unknown = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, placeholderFor(value, text)]));
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return text;
  }
}

function lastUserText(request: ChatRequest): string {
  const user = [...request.messages].reverse().find((message) => message.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

/**
 * The offline demo: answers through `finish` when it is offered (shaped to the node's output_schema),
 * otherwise in plain text, always saying it is the scripted model.
 */
export const demoResponder: Responder = (request): ScriptedReply => {
  const prompt = lastUserText(request);
  const text = `${NOTICE} You asked: ${prompt.length > 200 ? `${prompt.slice(0, 200)}...` : prompt}`;
  const finish = request.tools?.find((tool) => tool.function.name === 'finish');
  if (!finish) return { content: text };
  const outputSchema = (finish.function.parameters?.properties as Record<string, unknown> | undefined)?.output;
  return { content: null, tool_calls: [{ name: 'finish', arguments: { output: placeholderFor(outputSchema, text) } }] };
};
