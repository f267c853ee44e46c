import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ApprovalRepository } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
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
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly approvals: ApprovalRepository,
    private readonly signaler: ApprovalSignaler,
    private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onListen', async () => this.schedule());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  private async sweep(): Promise<number> {
    const { outboxGraceMs } = this.config.values.approvals;
    let delivered = 0;
    for (const approval of await this.approvals.undelivered(outboxGraceMs, BATCH)) {
      if (this.stopped) break;
      if ((await this.signaler.deliver(approval)) !== 'undelivered') delivered++;
    }
    if (delivered > 0) this.logger.log({ delivered }, 'approval outbox delivered stored decisions');
    return delivered;
  }

  private schedule(): void {
    if (this.stopped) return;
    // A timeout re-armed after each pass, not an interval, so a slow pass never overlaps the next.
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.warn({ err }, 'approval outbox pass failed; retrying'))
        .finally(() => this.schedule());
    }, this.config.values.approvals.outboxIntervalMs);
  }
}
