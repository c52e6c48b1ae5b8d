/** Abbreviations and sentence openers for the segmenter (lower-case, without the final dot). */

/** Abbreviations after which a period never ends a sentence. */
export const ABBREVIATIONS = new Set(
  // German
  (
    'z.b zb u.a d.h bzw ca ggf inkl evtl vgl sog bspw z.t u.ä o.ä i.d.r s.o s.u u.u v.a ' +
    'dr prof nr st str abs art bd geb gest hrsg dipl ing mag univ stv bzgl gem lt ehem ' +
    'jan feb febr mär apr jun jul aug sep sept okt nov dez jän ' +
    // English
    'mr mrs ms mx jr sr gen gov sen rep lt col sgt capt cmdr adm maj rev hon mt ft vs e.g i.e ' +
    'approx est fig al dept univ ave blvd'
  ).split(' '),
);

/** Abbreviations that may also end a sentence: they do when a typical sentence opener follows. */
export const FINAL_ABBREVIATIONS = new Set(
  'usw etc no mio mrd tsd jh jhd inc ltd co corp u.s u.k u.n a.m p.m d.c n.chr v.chr'.split(' '),
);

export const MONTH_WORDS = new Set(
  'januar jänner februar märz april mai juni juli august september oktober november dezember'.split(' '),
);

const STARTERS = new Set(
  // German
  (
    'der die das den dem des ein eine einen einem einer er sie es wir ich ihr man dies diese dieser dieses ' +
    'doch aber auch und denn so damit dann danach zudem außerdem im in am auf nach bei mit als wie was wer ' +
    'wenn laut nun jetzt seit bis für zum zur vor trotz obwohl da dabei daher deshalb allerdings insgesamt ' +
    'bereits schon noch nicht kein keine unter über zwar sein seine ihre ihren mehr viele alle ' +
    // English
    'the a an he she it they we i you this that these those there here but and or so on at after before ' +
    'when while his her their its our however meanwhile police officials in last one two three mr mrs ms ' +
    'some many most more if as for with from what who why how'
  ).split(' '),
);

/** A word that typically opens a sentence (articles, pronouns, conjunctions, prepositions). */
export function isSentenceStarter(word: string): boolean {
  if (word === '') return false;
  const lower = word.toLowerCase();
  return STARTERS.has(lower) && word[0] !== lower[0];
}
