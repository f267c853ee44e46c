/**
 * `{{ secrets.NAME }}`: a value only the worker knows (STEADFAST_SECRET_<NAME>). The workflow never
 * renders it, so the value never enters Temporal history, Postgres or an event; the http activity
 * substitutes it into the request's headers, the only place one may appear.
 */
export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

const SECRET_TEMPLATE = /\{\{\s*secrets\.([^{}\s]*)\s*\}\}/g;
const ROOT = /^\s*secrets\b/;

/** True for a template reference rooted at `secrets` (whether or not the name is valid). */
export function isSecretReference(reference: string): boolean {
  return ROOT.test(reference);
}

/** The secret names a string's templates read, in order. */
export function secretNamesIn(text: string): string[] {
  return [...text.matchAll(SECRET_TEMPLATE)].map((match) => match[1]);
}

/** Replaces each `{{ secrets.NAME }}` with the named value; `lookup` decides what a missing name does. */
export function substituteSecrets(text: string, lookup: (name: string) => string): string {
  return text.replace(SECRET_TEMPLATE, (_, name: string) => lookup(name));
}

/** Every string anywhere in a value that mentions `secrets.` inside a template, with its path. */
function secretMentions(value: unknown, path: string): string[] {
  if (typeof value === 'string') return /\{\{\s*secrets\b/.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => secretMentions(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => secretMentions(item, `${path}.${key}`));
  return [];
}

/**
 * Where a node's config may use secrets: only an http node's header values, each as `{{ secrets.NAME }}`
 * with NAME in upper case. Anywhere else the literal template would be sent on, or leak into a prompt.
 */
export function secretReferenceProblems(nodeId: string, type: string, config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const headers = type === 'http' && key === 'headers' && value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!headers) {
      for (const path of secretMentions(value, `config.${key}`)) {
        problems.push(`node "${nodeId}": ${path} uses {{ secrets.* }}, which only an http node's config.headers values may use`);
      }
      continue;
    }
    for (const [header, headerValue] of Object.entries(value as Record<string, unknown>)) {
      if (typeof headerValue !== 'string') continue;
      const mentions = headerValue.match(/\{\{\s*secrets\b/g)?.length ?? 0;
      if (mentions !== secretNamesIn(headerValue).length) {
        problems.push(`node "${nodeId}": config.headers.${header}: write a secret as {{ secrets.NAME }}`);
      }
      for (const name of secretNamesIn(headerValue)) {
        if (!SECRET_NAME.test(name)) problems.push(`node "${nodeId}": config.headers.${header}: secret name "${name}" must match ${SECRET_NAME.source}`);
      }
    }
  }
  return problems;
}
