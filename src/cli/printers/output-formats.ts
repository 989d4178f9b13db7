// The -o values kubectl knows, kept apart from the printers themselves so that a plain table
// `get` can check its flag without loading the YAML and JSONPath machinery.

const FORMATS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml'];

export function OUTPUT_FORMATS_MESSAGE(format: string): string {
  return `unable to match a printer suitable for the output format "${format}", allowed formats are: ${FORMATS.join(',')}`;
}

export function isObjectFormat(output: string): boolean {
  const [name] = splitFormat(output);
  return ['yaml', 'json', 'name', 'jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file'].includes(name);
}

export function splitFormat(output: string): [string, string] {
  const eq = output.indexOf('=');
  return eq < 0 ? [output, ''] : [output.slice(0, eq), output.slice(eq + 1)];
}

