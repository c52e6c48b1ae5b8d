import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeBody } from '../../../src/pipeline/parse/index.js';

const cp1252 = (s: string) => {
  const map: Record<string, number> = { '€': 0x80, '„': 0x84, '“': 0x93, '–': 0x96 };
  return Buffer.from([...s].map((c) => map[c] ?? c.charCodeAt(0)));
};

describe('decodeBody', () => {
  it('follows BOM → UTF-16 sniff → valid UTF-8 → header → prolog → windows-1252', () => {
    expect(decodeBody(Buffer.from('\uFEFF<a>ü</a>', 'utf8'))).toBe('<a>ü</a>');
    expect(decodeBody(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>ü</a>', 'utf16le')]))).toBe(
      '<a>ü</a>',
    );
    expect(decodeBody(Buffer.from('<?xml version="1.0"?><a>ß</a>', 'utf16le'))).toBe(
      '<?xml version="1.0"?><a>ß</a>',
    );
    expect(decodeBody(Buffer.from('<?xml encoding="ISO-8859-1"?><a>Café</a>', 'utf8'))).toContain('Café');
    const latin = Buffer.from('<a>Grüße</a>', 'latin1');
    expect(decodeBody(latin, 'text/xml; charset="iso-8859-1"')).toBe('<a>Grüße</a>');
    expect(decodeBody(cp1252('<a>„Straße“ – 5 €</a>'), 'text/xml; charset=ISO-8859-1')).toBe(
      '<a>„Straße“ – 5 €</a>',
    );
    expect(decodeBody(cp1252('<a>5 €</a>'), 'text/xml; charset=utf-8')).toBe('<a>5 €</a>');
  });

  it('uses the XML declaration, skips bogus labels, reads Cyrillic and Greek labels', () => {
    const ru = Buffer.from([0x3c, 0x61, 0x3e, 0xcf, 0xf0, 0xe8, 0x3c, 0x2f, 0x61, 0x3e]);
    expect(
      decodeBody(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1251"?>'), ru])),
    ).toContain('<a>При</a>');
    expect(decodeBody(Buffer.from([0xe1, 0xe2]), 'text/xml; charset=iso-8859-7')).toBe('αβ');
    expect(decodeBody(Buffer.from('<a>K\xf6ln</a>', 'latin1'), 'text/xml; charset=bogus')).toBe(
      '<a>Köln</a>',
    );
  });

  it('reads the HTML meta charset even after byte 1024', () => {
    const html = Buffer.concat([
      Buffer.from(`<html><head><!-- ${'x'.repeat(1200)} --><meta charset="iso-8859-15"></head><body>`),
      Buffer.from([0xa4]),
      Buffer.from('</body></html>'),
    ]);
    expect(decodeBody(html)).toContain('<body>€</body>');
  });

  it('strips XML-illegal characters', () => {
    expect(decodeBody(Buffer.from('a\u0000b\u0008c\u000bd\u001fe\tf\ng'))).toBe('abcde\tf\ng');
  });
});

describe('charsetFromContentType', () => {
  it('reads quoted and unquoted values', () => {
    expect(charsetFromContentType('text/xml; charset="ISO-8859-1"')).toBe('ISO-8859-1');
    expect(charsetFromContentType('text/xml;charset=utf-8;format=flowed')).toBe('utf-8');
    expect(charsetFromContentType('text/xml; charset:iso-8859-1')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });
});
