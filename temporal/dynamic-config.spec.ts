import { join } from 'node:path';
import { dynamicConfigArgs, readDynamicConfig } from './dynamic-config';

const ROOT = join(__dirname, '..');

describe("the Temporal server's dynamic config", () => {
  it('reads the one file both servers use, with the settings Steadfast relies on', () => {
    const sut = readDynamicConfig(ROOT);
    expect(sut).toMatchObject({
      'history.timerProcessorMaxTimeShift': '10ms',
      'system.enableActivityEagerExecution': true,
      'frontend.enableUpdateWorkflowExecution': true,
      'system.forceSearchAttributesCacheRefreshOnRead': true,
      'limit.blobSize.warn': 2 * 1024 * 1024,
    });
  });

  it('passes each setting to the dev server as a JSON value', () => {
    expect(dynamicConfigArgs({ 'history.timerProcessorMaxTimeShift': '10ms', 'limit.blobSize.warn': 2097152 })).toEqual([
      '--dynamic-config-value',
      'history.timerProcessorMaxTimeShift="10ms"',
      '--dynamic-config-value',
      'limit.blobSize.warn=2097152',
    ]);
  });
});
