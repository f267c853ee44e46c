import { Global, Module } from '@nestjs/common';
import { BucketCleaner } from './bucket-cleaner';
import { RateLimiter } from './rate-limiter';

@Global()
@Module({ providers: [RateLimiter, BucketCleaner], exports: [RateLimiter] })
export class LimitsModule {}
