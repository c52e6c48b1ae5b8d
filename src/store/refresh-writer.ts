/**
 * Group commit for poll results: refreshes that finish close together are written in one transaction
 * (each feed's articles, digests and state still all-or-nothing, since they share it). SQLite pays per commit,
 * so a poll cycle of thousands of feeds commits tens of times instead of thousands. When a shared transaction
 * fails, its feeds are retried one transaction each, so one bad feed cannot fail the others.
 */
import type { Kysely } from 'kysely';
import { type SaveRefreshInput, type StoredArticle, saveRefresh, saveRefreshIn } from './articles-repo.js';
import type { Database } from './schema.js';

export interface RefreshWriter {
  save(input: SaveRefreshInput): Promise<StoredArticle[]>;
}

interface Pending {
  input: SaveRefreshInput;
  resolve: (v: StoredArticle[]) => void;
  reject: (e: unknown) => void;
}

export function createRefreshWriter(db: Kysely<Database>, maxBatch = 100): RefreshWriter {
  const queue: Pending[] = [];
  let pumping = false;

  async function writeBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await db.transaction().execute(async (trx) => {
        const out: StoredArticle[][] = [];
        for (const p of batch) out.push(await saveRefreshIn(trx, p.input));
        return out;
      });
      batch.forEach((p, i) => {
        p.resolve(results[i] ?? []);
      });
    } catch (e) {
      if (batch.length === 1) return batch[0]?.reject(e);
      for (const p of batch) await saveRefresh(db, p.input).then(p.resolve, p.reject);
    }
  }

  async function pump(): Promise<void> {
    pumping = true;
    try {
      while (queue.length > 0) {
        // let refreshes that are about to finish join this batch
        await new Promise((r) => setImmediate(r));
        await writeBatch(queue.splice(0, maxBatch));
      }
    } finally {
      pumping = false;
    }
  }

  return {
    save(input) {
      return new Promise<StoredArticle[]>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (!pumping) void pump();
      });
    },
  };
}
