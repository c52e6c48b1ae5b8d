import type { Kysely } from 'kysely';
import { TIMESTAMP } from './util.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('summary_cache')
    .addColumn('article_key', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('summarizer', 'text', (c) => c.notNull())
    .addColumn('digest_json', 'text', (c) => c.notNull())
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull())
    .addPrimaryKeyConstraint('summary_cache_pk', ['article_key', 'language', 'summarizer'])
    .execute();
  await db.schema.createIndex('summary_cache_created').on('summary_cache').column('created_at').execute();
  await db.schema
    .createTable('llm_usage')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('llm_usage').execute();
  await db.schema.dropTable('summary_cache').execute();
}
