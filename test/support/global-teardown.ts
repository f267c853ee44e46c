export default async function globalTeardown(): Promise<void> {
  const stops = (globalThis as { __steadfastStops?: (() => Promise<void>)[] }).__steadfastStops ?? [];
  for (const stop of stops) await stop().catch(() => undefined);
}
