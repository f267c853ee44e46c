import * as sdk from '@steadfast/sdk/temporal';
import { applyPatchSignal, approvalDecisionSignal, definitionQuery, eventsQuery } from './contracts';

describe('the run workflow contracts', () => {
  it("register the SDK's signal and query definitions, so a plain Temporal client and the workflow agree on names", () => {
    expect(approvalDecisionSignal).toBe(sdk.approvalDecisionSignal);
    expect(applyPatchSignal).toBe(sdk.applyPatchSignal);
    expect(eventsQuery).toBe(sdk.eventsQuery);
    expect(definitionQuery).toBe(sdk.definitionQuery);
    expect([approvalDecisionSignal.name, applyPatchSignal.name, eventsQuery.name, definitionQuery.name]).toEqual([
      'approvalDecision',
      'applyPatch',
      'events',
      'definition',
    ]);
  });
});
