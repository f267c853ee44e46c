import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ApprovalRepository } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { BackgroundLoop } from '../infrastructure/background-loop';
import { ApprovalSignaler } from './approval-signaler';

const BATCH = 50;

/**
 * Delivers decisions that were stored but never signalled: the API died between the two steps, or
 * Temporal was down. Every API process sweeps; two delivering the same decision is harmless (the workflow
 * settles an approval once and Postgres keeps the first decision). It runs only while the app listens,
 * so tools that build the app without serving (OpenAPI export) start no timer.
 */
@Injectable()
export class ApprovalOutbox implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApprovalOutbox.name);
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly approvals: ApprovalRepository,
    private readonly signaler: ApprovalSignaler,
    private readonly config: ApiConfig,
  ) {
    this.loop = new BackgroundLoop({
      intervalMs: config.values.approvals.outboxIntervalMs,
      pass: async () => void (await this.sweep()),
      onError: (err) => this.logger.warn({ err }, 'approval outbox pass failed; retrying'),
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onListen', async () => this.loop.start());
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private async sweep(): Promise<number> {
    const { outboxGraceMs } = this.config.values.approvals;
    let delivered = 0;
    for (const approval of await this.approvals.undelivered(outboxGraceMs, BATCH)) {
      if (this.loop.stopped) break;
      if ((await this.signaler.deliver(approval)) !== 'undelivered') delivered++;
    }
    if (delivered > 0) this.logger.log({ delivered }, 'approval outbox delivered stored decisions');
    return delivered;
  }
}
