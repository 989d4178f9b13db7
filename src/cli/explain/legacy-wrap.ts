// Line wrapping of kubectl's older explain output (`--output=plaintext-openapiv2`): words are
// re-flowed into lines of at most `width` bytes, but code blocks, empty lines, lines after a
// colon and list items keep their own lines, as kubectl's explain Formatter does.
import { isGoSpace } from './word-wrap';

/** Go's strings.Fields: the words between runs of white space. */
function goFields(s: string): string[] {
  const words: string[] = [];
  let word = '';
  for (const ch of s) {
    if (isGoSpace(ch)) {
      if (word) words.push(word);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word) words.push(word);
  return words;
}

function isBlank(s: string): boolean {
  return goFields(s).length === 0;
}

// Go's regexp \s is ASCII white space only; \d is ASCII digits in both languages.
const BULLET = /^(\d+\.?|-|\*)[\t\n\f\r ]/;

function trimGoSpace(s: string): string {
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && isGoSpace(chars[start])) start++;
  while (end > start && isGoSpace(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

function startsNewLine(lastWord: string, line: string): boolean {
  if (lastWord.endsWith(':') || line.startsWith('    ')) return true;
  const trimmed = trimGoSpace(line);
  return trimmed.length === 0 || BULLET.test(trimmed);
}

/** The lines `text` wraps into; an over-long word gets a line of its own. */
export function wrapLegacy(text: string, width: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = '';
  const flush = (): void => {
    if (words.length === 0) return;
    lastWord = '';
    wrapped.push(words.join(' '));
    words = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('    ')) {
      flush();
      wrapped.push(line);
      continue;
    }
    // Only once a line has been completed: an empty line after an unfinished first line is lost.
    if (wrapped.length > 0 && isBlank(line)) {
      flush();
      wrapped.push('');
      continue;
    }
    if (startsNewLine(lastWord, line)) flush();
    for (const word of goFields(line)) {
      lastWord = word;
      if (words.length > 0 && Buffer.byteLength([...words, word].join(' ')) > width) flush();
      words.push(word);
    }
  }
  flush();
  return wrapped;
}
