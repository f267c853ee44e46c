import { Injectable } from '@nestjs/common';
import type { RunEntity } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { presentRun, type RunJson } from './run.presenter';

@Injectable()
export class RunPresenter {
  constructor(private readonly config: ApiConfig) {}

  present(run: RunEntity): RunJson {
    return presentRun(run, { uiUrl: this.config.values.temporal.uiUrl, namespace: this.config.values.temporal.namespace });
  }
}
