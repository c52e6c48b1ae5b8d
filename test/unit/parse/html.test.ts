import { describe, expect, it } from 'vitest';
import { htmlToLine, htmlToText } from '../../../src/pipeline/parse/index.js';

describe('htmlToText', () => {
  it('drops tags, scripts and styles, decodes entities, keeps blocks on lines', () => {
    const html =
      '<style>p{color:red}</style><h2>Überschrift</h2><p>Erster&nbsp;Absatz mit <a href="x">Link</a> &amp; mehr.</p>' +
      '<script>alert("x")</script><ul><li>eins</li><li>zwei</li></ul>Schluss<br>Zeile';
    expect(htmlToText(html)).toBe('Überschrift\nErster Absatz mit Link & mehr.\neins\nzwei\nSchluss\nZeile');
  });

  it('passes plain text through, tidying whitespace', () => {
    expect(htmlToText('  Ein   Satz \n\n  zwei  ')).toBe('Ein Satz\nzwei');
    expect(htmlToText('')).toBe('');
  });

  it('keeps a lone < that starts no tag', () => {
    expect(htmlToLine('Preis < 5 € & mehr')).toBe('Preis < 5 € & mehr');
  });

  it('survives deep nesting and 200 KB of unclosed <', () => {
    expect(htmlToText(`${'<div>'.repeat(20_000)}tief${'</div>'.repeat(20_000)}`)).toBe('tief');
    expect(htmlToText('<'.repeat(200_000)).length).toBe(200_000);
  });

  it('puts everything on one line for titles', () => {
    expect(htmlToLine('<p>a</p><p>b</p>')).toBe('a b');
  });
});
