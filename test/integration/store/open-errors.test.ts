import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { openStore } from '../../../src/store/db.js';
import { closedPort } from '../../helpers/net.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';

const dir = mkdtempSync(join(tmpdir(), 'store-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function openError(url: string): Promise<AppError> {
  try {
    const store = await openStore(url);
    await store.close();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error(`${url} opened`);
}

describe('store errors at open', () => {
  it('a SQLite path that is a folder, or under a file, is store.bad_path with the path', async () => {
    const folder = join(dir, 'folder.db');
    mkdirSync(folder);
    const e = await openError(`sqlite:${folder}`);
    expect(e.code).toBe('store.bad_path');
    expect(e.params.target).toBe(folder);
    writeFileSync(join(dir, 'plain'), 'x');
    expect((await openError(`sqlite:${join(dir, 'plain', 'news.db')}`)).code).toBe('store.bad_path');
  });

  it('a file that is not SQLite is store.not_sqlite', async () => {
    const file = join(dir, 'notes.db');
    writeFileSync(file, `these are notes, not a database ${randomBytes(600).toString('hex')}`);
    const e = await openError(`sqlite:${file}`);
    expect(e.code).toBe('store.not_sqlite');
    expect(e.params.target).toBe(file);
  });

  it('an unreachable PostgreSQL server is store.unreachable with host:port and no password', async () => {
    const port = await closedPort();
    const e = await openError(`postgres://bot:pw-secret-9@127.0.0.1:${port}/news`);
    expect(e.code).toBe('store.unreachable');
    expect(e.params).toEqual({ target: `127.0.0.1:${port}`, database: 'news' });
    expect(JSON.stringify({ ...e.params, m: e.message })).not.toContain('pw-secret-9');
  });

  it('a refused login is store.auth_failed', async () => {
    // a PostgreSQL server at its network edge: it reads the startup message and answers 28P01, as a wrong password does
    const srv = createServer((socket) => {
      socket.once('data', () => {
        const fields = ['SFATAL', 'VFATAL', 'C28P01', 'Mpassword authentication failed for user "bot"'];
        const body = Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])]);
        const head = Buffer.alloc(5);
        head.write('E', 0);
        head.writeInt32BE(body.length + 4, 1);
        socket.end(Buffer.concat([head, body]));
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    try {
      const e = await openError(`postgres://bot:wrong-pass@127.0.0.1:${port}/news`);
      expect(e.code).toBe('store.auth_failed');
      expect(e.params.target).toBe(`127.0.0.1:${port}`);
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });

  it.skipIf(!TEST_DATABASE_URL)('a missing database is store.no_database with its name', async () => {
    const url = new URL(TEST_DATABASE_URL ?? 'postgres://x');
    const name = `missing_${randomBytes(4).toString('hex')}`;
    url.pathname = `/${name}`;
    const e = await openError(url.toString());
    expect(e.code).toBe('store.no_database');
    expect(e.params.database).toBe(name);
  });
});
