import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RateLimitRepository } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { BackgroundLoop } from '../infrastructure/background-loop';

/**
 * Deletes rate-limit buckets that have refilled, so one row per client IP ever seen does not pile up.
 * Every API process does it; a bucket deleted twice, or deleted just before a take, changes nothing.
 */
@Injectable()
export class BucketCleaner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BucketCleaner.name);
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly buckets: RateLimitRepository,
    private readonly config: ApiConfig,
  ) {
    this.loop = new BackgroundLoop({
      intervalMs: config.values.rateLimit.cleanupIntervalMs,
      pass: async () => void (await this.buckets.deleteFull()),
      onError: (err) => this.logger.warn({ err }, 'rate limit bucket clean-up failed'),
    });
  }

  onModuleInit(): void {
    if (!this.config.values.rateLimit.enabled) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onListen', async () => this.loop.start());
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }
}
