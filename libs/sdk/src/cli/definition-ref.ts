/** `name` (the latest version) or `name@3` (that version), as runs and `workflows get` name a stored definition. */
export interface DefinitionRef {
  name: string;
  version?: number;
}

export function parseDefinitionRef(text: string): DefinitionRef {
  const at = text.lastIndexOf('@');
  if (at === -1) {
    if (text === '') throw new Error('a definition name is required');
    return { name: text };
  }
  const name = text.slice(0, at);
  const version = text.slice(at + 1);
  if (name === '') throw new Error(`"${text}" has no name before "@"`);
  if (!/^[1-9]\d*$/.test(version)) throw new Error(`"${text}": the version after "@" must be a positive integer`);
  return { name, version: Number(version) };
}
