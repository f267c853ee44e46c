/** `value`, or a failure naming what is missing: for a find() whose result the test goes on to read. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, found none`);
  return value;
}
