import { RUN_STATUSES, TERMINAL_RUN_STATUSES as DOMAIN_TERMINAL } from '@steadfast/domain';
import { TERMINAL_RUN_STATUSES } from './types';

describe('TERMINAL_RUN_STATUSES', () => {
  it("is the domain's list: the SDK ships without libs/domain, so it keeps a copy", () => {
    expect([...TERMINAL_RUN_STATUSES].sort()).toEqual([...DOMAIN_TERMINAL].sort());
    for (const status of TERMINAL_RUN_STATUSES) expect(RUN_STATUSES).toContain(status);
  });
});
