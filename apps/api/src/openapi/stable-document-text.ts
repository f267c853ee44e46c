import type { OpenAPIObject } from '@nestjs/swagger';

/** The document as committed: two-space JSON and a final newline, so a diff shows only what changed. */
export function stableDocumentText(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
