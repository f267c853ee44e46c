export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric in a Prometheus text exposition, by their labels. */
export function samplesOf(text: string, name: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const [, labelText, value] = /^[^{\s]+(?:\{(.*)\})? (\S+)/.exec(line) ?? [];
      const labels = Object.fromEntries([...(labelText ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return { labels, value: Number(value) };
    });
}

/** The one sample whose labels include `match`, or undefined. */
export function sampleWith(text: string, name: string, match: Record<string, string>): number | undefined {
  return samplesOf(text, name).find(({ labels }) => Object.entries(match).every(([k, v]) => labels[k] === v))?.value;
}
