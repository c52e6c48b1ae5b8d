import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/pipeline/summarize/language.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url), 'utf8');

describe('detectLanguage', () => {
  it('detects German and English articles', () => {
    expect(detectLanguage(fixture('de-hafen.txt'))).toBe('de');
    expect(detectLanguage(fixture('en-council.txt'))).toBe('en');
  });

  it('detects short German and English headlines with a sentence', () => {
    expect(detectLanguage('Regierung senkt die Steuern für Familien mit Kindern')).toBe('de');
    expect(detectLanguage('Government cuts taxes for families with children')).toBe('en');
    expect(
      detectLanguage('Über 500 Häuser sind ohne Strom, weil der Sturm die Leitungen zerstört hat.'),
    ).toBe('de');
  });

  it('detects German headlines without many function words', () => {
    expect(detectLanguage('Drei Banken in Zahlungsverzug')).toBe('de');
    expect(detectLanguage('Polizist schwer verletzt – Täter festgenommen')).toBe('de');
    expect(detectLanguage('Wahlbeteiligung in Kärnten deutlich gestiegen')).toBe('de');
    expect(detectLanguage('Police arrest two men after robbery in city centre')).toBe('en');
  });

  it('marks other languages and empty or numeric text as und', () => {
    expect(detectLanguage('Ceci est un article en français sur la politique européenne.')).toBe('und');
    expect(detectLanguage('Esta es una noticia sobre la economía española y sus problemas.')).toBe('und');
    expect(detectLanguage('')).toBe('und');
    expect(detectLanguage('12 345 678 — 2024')).toBe('und');
  });
});
