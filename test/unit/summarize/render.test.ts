import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/types.js';
import {
  escapeMarkdown,
  formatFigure,
  renderMarkdown,
  renderText,
} from '../../../src/pipeline/summarize/render.js';

const digest: Digest = {
  language: 'de',
  headline: 'Hafen wird ausgebaut',
  sentences: [
    'Der Hafen wird für 2,3 Milliarden Euro ausgebaut.',
    'Bis zu 4.000 Container passen dann hinein.',
  ],
  keyFigures: [
    { text: '2,3 Milliarden Euro', value: 2.3e9, unit: 'Euro', qualifier: '', sentenceIndex: 0 },
    { text: 'Bis zu 4.000 Container', value: 4000, unit: 'Container', qualifier: 'Bis zu', sentenceIndex: 1 },
    { text: '3,5 Prozent', value: 3.5, unit: 'Prozent', qualifier: '', sentenceIndex: 2 },
  ],
  source: { name: 'Kieler Blatt', url: 'https://example.org/hafen' },
  summarizer: 'extractive',
  translated: false,
};

describe('renderText', () => {
  it('uses German labels and German number format', () => {
    const out = renderText(digest, 'de');
    expect(out).toContain('Hafen wird ausgebaut');
    expect(out).toContain('Kennzahlen:');
    expect(out).toContain('• Bis zu 4.000 Container');
    expect(out).toContain('• 2,3 Milliarden Euro');
    expect(out).toContain('Quelle: Kieler Blatt – https://example.org/hafen');
    expect(out).not.toContain('Übersetzung');
  });

  it('uses English labels, keeps untranslated figures as the article writes them, shows the note', () => {
    const out = renderText({ ...digest, requestedLanguage: 'en', note: 'no_translation' }, 'en');
    expect(out).toContain('Key figures:');
    // no English digits inside German words: the untranslated figure is the article's own phrase
    expect(out).toContain('• Bis zu 4.000 Container');
    expect(out).toContain('• 3,5 Prozent');
    expect(out).not.toContain('4,000');
    expect(out).toContain('No translation configured');
    expect(out).toContain('(de)');
  });

  it('labels AI and translated digests', () => {
    const out = renderText({ ...digest, generated: true, translated: true }, 'de');
    expect(out).toContain('KI-Zusammenfassung');
    expect(out).toContain('Maschinell übersetzt');
  });
});

describe('renderMarkdown', () => {
  it('renders bold headline, figure list and a safe source link', () => {
    const out = renderMarkdown(digest, 'en');
    expect(out.startsWith('**Hafen wird ausgebaut**')).toBe(true);
    expect(out).toContain('**Key figures**\n- 2,3 Milliarden Euro');
    expect(out).toContain('[Kieler Blatt](<https://example.org/hafen>)');
  });

  it('formats figures per output locale once the digest is in that language', () => {
    const translated = renderMarkdown({ ...digest, language: 'en', translated: true }, 'en');
    expect(translated).toContain('**Key figures**\n- 2\\.3 billion Euro');
    expect(renderText({ ...digest, translated: true }, 'en')).toContain('• Bis zu 4,000 Container');
    expect(renderText(digest, 'de')).toContain('• Bis zu 4.000 Container');
  });

  it('escapes markdown in untrusted article text and drops non-http links', () => {
    const evil: Digest = {
      ...digest,
      headline: '**Alarm** [klick](javascript:alert(1))',
      source: { name: 'x', url: 'javascript:alert(1)' },
    };
    const out = renderMarkdown(evil, 'de');
    expect(out).toContain('\\*\\*Alarm\\*\\* \\[klick\\]\\(javascript:alert\\(1\\)\\)');
    expect(out).not.toContain('](javascript');
    expect(escapeMarkdown('a_b*c')).toBe('a\\_b\\*c');
  });
});

describe('formatFigure', () => {
  it('formats currency symbols, percent signs and ranges per locale', () => {
    expect(
      formatFigure({ text: '$2.5 billion', value: 2.5e9, unit: '$', qualifier: '', sentenceIndex: 0 }, 'de'),
    ).toBe('$2,5 Milliarden');
    expect(
      formatFigure({ text: '4.5%', value: 4.5, unit: '%', qualifier: 'about', sentenceIndex: 0 }, 'en'),
    ).toBe('about 4.5%');
    expect(
      formatFigure(
        {
          text: 'zwischen 1.000 und 2.000 Gäste',
          value: 1000,
          valueMax: 2000,
          unit: 'Gäste',
          qualifier: 'zwischen',
          sentenceIndex: 0,
        },
        'en',
      ),
    ).toBe('zwischen 1,000–2,000 Gäste');
  });
});
