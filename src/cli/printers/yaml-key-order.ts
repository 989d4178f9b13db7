// The order go-yaml v2 writes map keys in: not plain string order but a "natural" one, where
// letters sort after other characters and runs of digits compare by numeric value ("a2" < "a10").
// kubectl's -o yaml inherits it, so keys like `x-1`, `x1` and `xa` come out in go-yaml's order.

const isLetter = (cp: number): boolean => /\p{L}/u.test(String.fromCodePoint(cp));
const isDigit = (cp: number): boolean => /\p{Nd}/u.test(String.fromCodePoint(cp));
const ZERO = 0x30;

/** go-yaml's keyList.Less for two string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a].map((c) => c.codePointAt(0)!);
  const br = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    // Neither is a letter: compare the digit runs starting here as numbers.
    let an = 0n;
    let bn = 0n;
    if (ar[i] === ZERO || br[i] === ZERO) {
      // A zero continuing a non-zero number (the "0" of "10") counts as part of that number.
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== ZERO) { an = 1n; bn = 1n; break; }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai] - ZERO));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi] - ZERO));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const isAsciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * The order of two keys. Where they first differ in two ASCII letters (almost always, for the
 * camelCase keys of Kubernetes objects) go-yaml compares those letters, or the shorter key comes
 * first when one is a prefix of the other; only other differences need yamlKeyLess.
 */
function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (isAsciiLetter(ca) && isAsciiLetter(cb)) return ca < cb ? -1 : 1;
    return yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0;
  }
  // One is a prefix of the other: the shorter first, as in yamlKeyLess.
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Keys sorted as go-yaml v2 sorts them. */
export function yamlSortedKeys(keys: string[]): string[] {
  return [...keys].sort(compareKeys);
}
