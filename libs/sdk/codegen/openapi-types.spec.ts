import { readFileSync } from 'node:fs';
import { generatedTypesPath, generateOpenApiTypes, openApiDocumentPath, repositoryRoot } from './openapi-types';

describe("the SDK's generated types", () => {
  it('are what openapi-typescript makes of docs/openapi.json (run `npm run openapi` after changing the API)', async () => {
    const root = repositoryRoot();
    const expected = await generateOpenApiTypes(readFileSync(openApiDocumentPath(root), 'utf8'));
    expect(readFileSync(generatedTypesPath(root), 'utf8')).toBe(expected);
  });
});
