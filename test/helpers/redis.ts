/**
 * Real Redis for tests: TEST_REDIS_URL (CI sets it when Redis runs on the machine). Every caller gets its own
 * key prefix, so parallel test files never see each other's keys; `cleanup` deletes that prefix's keys.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

/** Why a Redis test is skipped (printed by the skipping suite). */
export const NO_REDIS = 'TEST_REDIS_URL is not set: Redis tests skipped (CI sets it when Redis runs here)';

export interface TestRedis {
  url: string;
  prefix: string;
  redis: Redis;
  cleanup(): Promise<void>;
}

export async function testRedis(url = TEST_REDIS_URL): Promise<TestRedis> {
  if (!url) throw new Error(NO_REDIS);
  const prefix = `t${randomBytes(5).toString('hex')}:`;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  return {
    url,
    prefix,
    redis,
    async cleanup() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
