// Go's strconv.Quote, for text that Kubernetes writes with %q: kubectl's printers and the API
// server's messages (an unknown field's name may hold any character).

/** strconv.Quote: printable characters kept, others escaped with Go's short forms or hex. */
export function goQuoteString(s: string): string {
  const short: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (short[c] !== undefined) out += short[c];
    else if (c === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(c)) out += c;
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}
