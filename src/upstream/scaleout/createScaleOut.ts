import { Redis } from 'ioredis';
import type { Logger } from '../../core/logger';
import { RedisGate } from './RedisGate';
import { RedisPageCache } from './RedisPageCache';

/** The settings scale-out reads (the server's configuration has them under these names). */
export interface ScaleOutConfig {
  /** `REDIS_URL`; null: no scale-out. */
  redisUrl: string | null;
  redisKeyPrefix: string;
  /** `GEOPF_RATE_LIMIT`: the upstream's rate, shared by every replica. */
  rateLimit: number;
  /** `GEOPF_REPLICAS`: how many replicas share it (each takes rate / replicas while Redis is away). */
  replicas: number;
  /** `GEOPF_TIMEOUT_MS`: an upstream request's timeout, after which a held slot counts as free. */
  timeoutMs: number;
  /** `GEOPF_CACHE_TTL_SECONDS`; 0: no shared page cache. */
  cacheTtlSeconds: number;
}

/** What replicas share through Redis, and how to let go of it. */
export interface ScaleOut {
  gate: RedisGate;
  sharedCache: RedisPageCache | null;
  /**
   * Resolves once Redis has answered (or after the connect timeout, the gate then starting on its fallback):
   * commands fail at once while disconnected, so serving before the first connection would drop every
   * replica into its fallback, each at rate / replicas, beside replicas already sharing the full rate.
   */
  connected(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Redis-backed gate and page cache when `REDIS_URL` is set, else null (the in-process defaults apply).
 * Commands fail at once while Redis is unreachable (no offline queue), so the gate falls back without delay;
 * the connection keeps retrying in the background.
 */
export function createScaleOut(config: ScaleOutConfig, logger: Logger): ScaleOut | null {
  if (!config.redisUrl) return null;
  const redis = new Redis(config.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Generous: a slow answer under load must not be mistaken for an outage.
    commandTimeout: 2000,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 1000),
  });
  // Connection errors are reported through the gate and the cache (once per outage), not as unhandled events.
  redis.on('error', () => undefined);
  const gate = new RedisGate({
    redis,
    ratePerSecond: config.rateLimit,
    replicas: config.replicas,
    keyPrefix: config.redisKeyPrefix,
    logger,
    maxInFlightMs: config.timeoutMs + 1000,
  });
  const sharedCache =
    config.cacheTtlSeconds > 0 ? new RedisPageCache({ redis, ttlMs: config.cacheTtlSeconds * 1000, keyPrefix: config.redisKeyPrefix, logger }) : null;
  return {
    gate,
    sharedCache,
    async connected() {
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000).unref());
      const ready =
        redis.status === 'ready' ? Promise.resolve('ready' as const) : new Promise<'ready'>((resolve) => redis.once('ready', () => resolve('ready')));
      if ((await Promise.race([ready, timeout])) === 'timeout')
        gate.startOnFallback(new Error(`no answer from ${redactedUrl(config.redisUrl ?? '')} within 3 s`));
    },
    async close() {
      gate.close();
      redis.disconnect();
    },
  };
}

function redactedUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
