import type { AppConfig } from '@steadfast/config';

/** DI handle for the validated configuration: a class token, so injection stays typed. */
export class ApiConfig {
  constructor(readonly values: AppConfig) {}
}
