import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/pipeline/parse/index.js';
import { fixture } from './fixtures.js';

describe('ParsedItem text on demand', () => {
  it('converts HTML to text on first read, the same text every time, also through spread and JSON', async () => {
    const feed = await parseFeed({ body: fixture('rss2-de-utf8.xml'), url: 'https://www.example.de/f.xml' });
    const first = feed.items[0];
    if (!first) throw new Error('no item');
    expect(typeof Object.getOwnPropertyDescriptor(first, 'text')?.get).toBe('function');
    const text = first.text;
    expect(text).toContain('120 Kilometer neue Wege');
    expect(text).not.toContain('alert(1)');
    expect(first.text).toBe(text);
    expect({ ...first }.text).toBe(text);
    expect((JSON.parse(JSON.stringify(first)) as { text: string }).text).toBe(text);
    expect(first.summaryText).toBe(
      'Der Stadtrat hat am Dienstag ein Radwegenetz von 120 Kilometern beschlossen.',
    );
  });

  it('gives empty text and no summary for an item without content', async () => {
    const xml =
      '<rss version="2.0"><channel><title>T</title><item><title>Nur Titel</title></item></channel></rss>';
    const [item] = (await parseFeed({ body: Buffer.from(xml) })).items;
    expect(item?.title).toBe('Nur Titel');
    expect(item?.text).toBe('');
    expect(item?.summaryText).toBeUndefined();
  });
});
