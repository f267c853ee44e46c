import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RunQueueRepository } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { BackgroundLoop } from '../infrastructure/background-loop';
import { RunStarter } from './run-starter';

/**
 * Starts queued runs as their tenants' slots free, oldest first. Every API process runs one; the
 * per-tenant lock in Postgres lets only one of them fill a tenant's slots at a time, and the queue lives
 * in the runs table, so a restart loses nothing. A slot freed by a finishing run (the worker writes that)
 * is seen on the next pass; a run queued by this process is looked at at once.
 */
@Injectable()
export class RunQueueDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RunQueueDispatcher.name);
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queue: RunQueueRepository,
    private readonly starter: RunStarter,
    config: ApiConfig,
  ) {
    this.loop = new BackgroundLoop({
      intervalMs: config.values.runQueue.dispatchIntervalMs,
      // Uncapped, one pass at start drains runs a former cap left queued; after that there is nothing to poll for.
      pass: async () => (await this.pass()) || this.starter.capped,
      onError: (err) => this.logger.warn({ err }, 'run queue pass failed; retrying'),
    });
    starter.onQueued(() => this.loop.poke());
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onListen', async () => this.loop.start(0));
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Whether any run was queued: without a cap nothing queues any more, so an empty queue ends the polling. */
  private async pass(): Promise<boolean> {
    const tenants = await this.queue.queuedTenants();
    for (const tenant of tenants) {
      if (this.loop.stopped) return true;
      const { started, failure } = await this.queue.dispatch(tenant, this.starter.cap, this.starter.startQueued);
      if (started.length > 0) this.logger.log({ tenant, started }, 'queued runs started');
      if (failure)
        this.logger.warn({ tenant, run_id: failure.runId, workflow_id: failure.runId, err: failure.error }, 'queued run did not start; it stays queued');
    }
    return tenants.length > 0;
  }
}
