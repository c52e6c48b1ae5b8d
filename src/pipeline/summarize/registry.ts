/** Summarizers by name. 'extractive' is always there; an LLM-backed summarizer registers itself at start-up. */
import type { Summarizer } from '../../domain/types.js';
import { extractiveSummarizer } from './extractive.js';

const registry = new Map<string, Summarizer>([[extractiveSummarizer.name, extractiveSummarizer]]);

/** Add or replace a summarizer under its name. */
export function registerSummarizer(s: Summarizer): void {
  if (s.name.trim() === '') throw new Error('a summarizer needs a name');
  registry.set(s.name, s);
}

export function getSummarizer(name: string): Summarizer | undefined {
  return registry.get(name);
}

export function listSummarizers(): string[] {
  return [...registry.keys()].sort();
}
