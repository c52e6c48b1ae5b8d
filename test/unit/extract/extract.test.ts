import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { extractArticle, isTeaser } from '../../../src/pipeline/extract/index.js';

const page = readFileSync(new URL('../../fixtures/pages/article-de.html', import.meta.url), 'utf8');

describe('extractArticle', () => {
  it('keeps the article paragraphs and drops navigation, sidebar, scripts and footer', async () => {
    const r = await extractArticle({ body: page, url: 'https://kurier.example/wirtschaft/ladesaeulen' });
    expect(r.text).toContain('insgesamt 40 neue Ladesäulen');
    expect(r.text).toContain('rund 1,2 Millionen Euro');
    expect(r.text).toContain('nur 18 öffentliche Ladepunkte');
    expect(r.text).toContain('länger als fünf Minuten');
    expect(r.text).not.toContain('Meistgelesen');
    expect(r.text).not.toContain('Derby');
    expect(r.text).not.toContain('injected');
    expect(r.text).not.toContain('tracking');
    expect(r.text).not.toContain('Impressum');
    expect(r.text.split('\n\n').length).toBeGreaterThanOrEqual(4);
    expect(r.title).toContain('Stadtwerke bauen 40 neue Ladesäulen');
    expect(r.imageUrl).toBe('https://kurier.example/bilder/ladesaeulen.jpg');
  });

  it('fails with extract.no_content on a page without an article', async () => {
    const html = '<html><body><nav><a href="/">Start</a></nav></body></html>';
    const e = await extractArticle({ body: html, url: 'https://kurier.example/' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('extract.no_content');
  });

  it('ignores a javascript: image', async () => {
    const html = page.replace('/bilder/ladesaeulen.jpg', 'javascript:alert(1)');
    expect((await extractArticle({ body: html, url: 'https://kurier.example/a' })).imageUrl).toBeUndefined();
  });
});

describe('isTeaser', () => {
  it('counts short feed text as a teaser', () => {
    expect(isTeaser('Die Stadtwerke wollen 40 Ladesäulen bauen.')).toBe(true);
    expect(isTeaser(undefined)).toBe(true);
    expect(isTeaser('x'.repeat(800))).toBe(false);
  });
});
