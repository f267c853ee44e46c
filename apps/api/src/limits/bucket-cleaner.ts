import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RateLimitRepository } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';

/**
 * Deletes rate-limit buckets that have refilled, so one row per client IP ever seen does not pile up.
 * Every API process does it; a bucket deleted twice, or deleted just before a take, changes nothing.
 */
@Injectable()
export class BucketCleaner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BucketCleaner.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly buckets: RateLimitRepository,
    private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.values.rateLimit.enabled) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onListen', async () => {
      this.timer = setInterval(() => {
        this.buckets.deleteFull().catch((err: unknown) => this.logger.warn({ err }, 'rate limit bucket clean-up failed'));
      }, this.config.values.rateLimit.cleanupIntervalMs);
      this.timer.unref();
    });
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
