/** OPML through Discord: an uploaded attachment is downloaded and imported; the export comes back as a file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeInteraction, RecordedCall } from '../fakes/discord-fake.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function answered(i: FakeInteraction, n: number): Promise<RecordedCall[]> {
  return h.fake.waitFor(() => {
    const calls = h.fake.interactionCalls(i);
    return calls.length >= n ? calls : undefined;
  }, `${n} answer(s)`);
}

describe('OPML via Discord attachments', () => {
  it('imports the feeds of an uploaded OPML file and exports them as a file', async () => {
    const feedUrl = `${h.site.base}/feed.xml`;
    const opml = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Meine Feeds</title></head><body>
<outline text="Lindenauer Rundschau" type="rss" xmlUrl="${feedUrl}"/>
</body></opml>`;
    const url = h.fake.hostFile('feeds.opml', opml);
    const imp = h.fake.interact({
      command: 'opml',
      subcommand: 'import',
      options: [{ name: 'file', type: 11, value: '900000000000000001' }],
      attachments: { '900000000000000001': { filename: 'feeds.opml', url, size: opml.length } },
      permissions: '32',
      locale: 'de',
    });
    const [defer, edit] = await answered(imp, 2);
    expect((defer!.body as { type: number }).type).toBe(5);
    expect(h.fake.calls.some((c) => c.path === '/attachments/feeds.opml')).toBe(true);
    expect(h.site.hits).toContain('/feed.xml');
    expect(String((edit!.body as { content: string }).content)).toMatch(/1/);

    const list = h.fake.interact({ command: 'feeds', subcommand: 'list', permissions: '32' });
    const [listed] = await answered(list, 1);
    expect(String((listed!.body as { data: { content: string } }).data.content)).toContain(
      'Lindenauer Rundschau',
    );

    const exp = h.fake.interact({ command: 'opml', subcommand: 'export', permissions: '32' });
    const [file] = await answered(exp, 1);
    const multipart = String(file!.body);
    expect(multipart).toContain('filename="newsdigest-');
    expect(multipart).toContain(feedUrl);
    expect(multipart).toContain('"allowed_mentions":{"parse":[]}');
  });
});
