import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, MAX_CATALOG_FILE_BYTES } from '../../../src/pipeline/catalog/index.js';

const root = mkdtempSync(join(tmpdir(), 'catalog-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const entry = (n: number) =>
  `  - url: https://news${n}.example.org/rss.xml\n    name: Zeitung ${n}\n    language: de\n`;

function folder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'a-good.yaml'), `feeds:\n${entry(1)}`);
  writeFileSync(join(dir, 'z-good.yml'), `feeds:\n${entry(2)}`);
  return dir;
}

describe('catalog files that are not usable', () => {
  it('skips a folder named like a catalog file and a symlink loop, with a warning each, and keeps the rest', () => {
    const dir = folder('odd');
    mkdirSync(join(dir, 'bad.yaml'));
    symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
    const { feeds, errors } = loadCatalog(dir);
    expect(feeds.map((f) => f.name)).toEqual(['Zeitung 1', 'Zeitung 2']);
    const byFile = Object.fromEntries(errors.map((e) => [e.file, e.message]));
    expect(Object.keys(byFile).sort()).toEqual(['bad.yaml', 'loop.yaml']);
    expect(byFile['bad.yaml']).toMatch(/not a regular file/);
    expect(byFile['loop.yaml']).toMatch(/symbolic link loop/);
  });

  it('does not wait on a FIFO named like a catalog file', () => {
    const dir = folder('fifo');
    try {
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    } catch {
      return; // no mkfifo on this system: nothing to check
    }
    const { feeds, errors } = loadCatalog(dir);
    expect(feeds).toHaveLength(2);
    expect(errors).toEqual([expect.objectContaining({ file: 'pipe.yaml' })]);
  });

  it('skips a file over the size cap unread, with a warning that names the cap, and keeps one at the cap', () => {
    const dir = folder('size');
    const head = `feeds:\n${entry(3)}`;
    // a valid catalog padded with a YAML comment: its size decides, not its content
    writeFileSync(join(dir, 'big.yaml'), `${head}# ${'x'.repeat(MAX_CATALOG_FILE_BYTES)}\n`);
    writeFileSync(
      join(dir, 'edge.yaml'),
      `feeds:\n${entry(4)}# ${'x'.repeat(MAX_CATALOG_FILE_BYTES - entry(4).length - 10)}\n`,
    );
    const { feeds, errors } = loadCatalog(dir);
    expect(feeds.map((f) => f.name).sort()).toEqual(['Zeitung 1', 'Zeitung 2', 'Zeitung 4']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'big.yaml' });
    expect(errors[0]?.message).toContain(String(MAX_CATALOG_FILE_BYTES));
  });
});
