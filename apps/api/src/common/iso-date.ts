/** A stored timestamp as the API contract writes it: ISO 8601 in UTC, null when there is none. */
export function isoOrNull(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}
