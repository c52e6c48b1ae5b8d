import { describe, expect, it } from 'vitest';
import { packItems, splitText, truncate } from '../../../src/render/split.js';

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('  Kurz und gut.  ', 100)).toEqual(['Kurz und gut.']);
  });

  it('prefers paragraph, then sentence boundaries, every chunk within the limit', () => {
    const text =
      'Der Bundestag hat am Donnerstag den Haushalt beschlossen. Die Opposition kritisierte die Pläne.\n\nIn Bayern stieg die Zahl der Beschäftigten um 2,1 Prozent.';
    const chunks = splitText(text, 100);
    expect(chunks).toEqual([
      'Der Bundestag hat am Donnerstag den Haushalt beschlossen. Die Opposition kritisierte die Pläne.',
      'In Bayern stieg die Zahl der Beschäftigten um 2,1 Prozent.',
    ]);
    const sentences = splitText('One sentence here. Another sentence there. A third one.', 40);
    expect(sentences).toEqual(['One sentence here.', 'Another sentence there. A third one.']);
  });

  it('cuts a word longer than the limit hard and never splits a surrogate pair', () => {
    const chunks = splitText('a'.repeat(9) + '😀' + 'b'.repeat(5), 10);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(10);
    expect(chunks.join('')).toBe('a'.repeat(9) + '😀' + 'b'.repeat(5));
    expect(chunks[0]).toBe('a'.repeat(9));
  });

  it('rejects a limit below 1', () => {
    expect(() => splitText('x', 0)).toThrow(RangeError);
  });
});

describe('packItems', () => {
  it('packs whole items and never splits one that fits', () => {
    const items = ['• 12.000 Soldaten', '• 3,5 Prozent', '• 2,3 Milliarden Euro'];
    const chunks = packItems(items, 32);
    expect(chunks).toEqual(['• 12.000 Soldaten\n• 3,5 Prozent', '• 2,3 Milliarden Euro']);
  });

  it('splits only an item that alone exceeds the limit', () => {
    const chunks = packItems(['short', 'word '.repeat(10).trim()], 12);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(12);
    expect(chunks[0]).toBe('short');
  });
});

describe('truncate', () => {
  it('shortens at a word boundary with an ellipsis', () => {
    expect(truncate('Regierung plant neue Regeln für Mieten', 20)).toBe('Regierung plant…');
    expect(truncate('kurz', 20)).toBe('kurz');
  });
});
