// Kubernetes' $(VAR) expansion in commands, args and env values: references expand from the
// variables defined so far, `$$` escapes a dollar, and unknown references stay as written.

export function expandVars(s: string, env: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return env.has(name!) ? env.get(name!)! : m;
  });
}
