// Line wrapping exactly as kubectl's explain templates do it (the `wrap` and `indent` template
// functions, built on github.com/mitchellh/go-wordwrap): descriptions must break at the same
// words as real kubectl's, so the rules here follow that library, quirks included.

const NBSP = '\u00a0';

/** Go's unicode.IsSpace, which is narrower than JavaScript's \s (no U+FEFF). */
export function isGoSpace(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * Wraps `text` at white space so that lines stay within `limit` characters where possible. A word
 * longer than the limit stays whole; existing line breaks are kept; lengths count code points.
 */
export function wrapWords(text: string, limit: number): string {
  let out = '';
  let word = '';
  let space = '';
  let wordLen = 0;
  let spaceLen = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '\n') {
      // Trailing blanks survive only when they fit on the line.
      if (wordLen === 0) {
        if (current + spaceLen <= limit) out += space;
      } else {
        out += space + word;
      }
      out += ch;
      word = ''; space = ''; wordLen = 0; spaceLen = 0; current = 0;
    } else if (isGoSpace(ch) && ch !== NBSP) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        word = ''; space = ''; wordLen = 0; spaceLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      // The pending blanks become the line break; the word moves to the next line.
      if (current + wordLen + spaceLen > limit && wordLen < limit) {
        out += '\n';
        current = 0;
        space = ''; spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= limit) out += space;
  } else {
    out += space + word;
  }
  return out;
}

/** Prefixes `text` and every line after a line break with `amount` spaces (empty lines too). */
export function indentLines(text: string, amount: number): string {
  const pad = ' '.repeat(amount);
  return pad + text.split('\n').join(`\n${pad}`);
}
