/** One step of a reference path: a property name or an array index. */
export type PathStep = string | number;

const STEP = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["([^"\]]*)"\]/y;

/** Parses `nodes.fetch.output.items[0]["content-type"]`; undefined when the text is not a path. */
export function parsePath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < text.length) {
    const at = STEP.lastIndex;
    const match = STEP.exec(text);
    if (!match || (at === 0 && text.startsWith('.'))) return undefined;
    steps.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : match[3]));
  }
  return steps.length > 0 ? steps : undefined;
}

export function formatPath(steps: PathStep[]): string {
  return steps
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : /^[A-Za-z_$][\w$-]*$/.test(step) ? `${i === 0 ? '' : '.'}${step}` : `["${step}"]`))
    .join('');
}
