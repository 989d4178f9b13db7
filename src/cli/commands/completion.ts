// `kubectl completion bash|zsh`: a shell script that asks `k8ts kubectl __complete WORDS...` for
// candidates (commands, then resource types, then object names from the server), the way cobra's
// generated scripts ask the program itself.
import { CliError, type CommandContext, type CommandSpec } from '../command';
import { COMMAND_NAMES } from '../kubectl';

const BASH = `# bash completion for k8ts kubectl (source it: source <(k8ts kubectl completion bash))
_k8ts_kubectl_complete() {
  local cur words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  words=("\${COMP_WORDS[@]:1:COMP_CWORD-1}")
  if [[ "\${COMP_WORDS[0]}" == k8ts ]]; then
    if [[ \${COMP_CWORD} -eq 1 ]]; then COMPREPLY=($(compgen -W "server agent images kubectl" -- "$cur")); return; fi
    words=("\${COMP_WORDS[@]:2:COMP_CWORD-2}")
  fi
  COMPREPLY=($(compgen -W "$(k8ts kubectl __complete "\${words[@]}" 2>/dev/null)" -- "$cur"))
}
complete -F _k8ts_kubectl_complete k8ts
`;

const ZSH = `#compdef k8ts
# zsh completion for k8ts kubectl (source it: source <(k8ts kubectl completion zsh))
_k8ts() {
  local -a candidates
  if (( CURRENT == 2 )); then candidates=(server agent images kubectl)
  else candidates=(\${(f)"$(k8ts kubectl __complete \${words[3,CURRENT-1]} 2>/dev/null)"}); fi
  compadd -- $candidates
}
if [[ "$funcstack[1]" == "_k8ts" ]]; then _k8ts "$@"; else compdef _k8ts k8ts; fi
`;

export const completionCommand: CommandSpec = {
  name: 'completion',
  short: 'Output shell completion code for the specified shell (bash, zsh).',
  usage: 'kubectl completion SHELL [options]',
  flags: [],
  async run(ctx: CommandContext): Promise<number> {
    const shell = ctx.args[0];
    if (!shell) throw new CliError('error: Shell not specified.\nSee \'kubectl completion -h\' for help and examples');
    if (ctx.args.length > 1) throw new CliError('error: Too many arguments. Expected only the shell type.\nSee \'kubectl completion -h\' for help and examples');
    if (shell === 'bash') ctx.out(BASH);
    else if (shell === 'zsh') ctx.out(ZSH);
    else throw new CliError(`error: Unsupported shell type "${shell}".`);
    return 0;
  },
};

const TYPED_COMMANDS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'wait', 'explain']);
const POD_COMMANDS = new Set(['logs', 'exec', 'attach', 'port-forward']);

/** Candidates for the word after `words` (which omit flags). */
export const completeCommand: CommandSpec = {
  name: '__complete',
  short: 'Completion candidates (used by the completion scripts).',
  usage: 'kubectl __complete WORDS...',
  flags: [],
  async run(ctx: CommandContext): Promise<number> {
    const words = ctx.args.filter((w) => !w.startsWith('-'));
    const lines: string[] = [];
    try {
      if (words.length === 0) lines.push(...COMMAND_NAMES);
      else if (words.length === 1 && TYPED_COMMANDS.has(words[0])) {
        const data = await ctx.discovery().get();
        lines.push(...data.resources.filter((r) => r.preferred).map((r) => r.resource));
      } else if (words.length === 2 && TYPED_COMMANDS.has(words[0]) && words[0] !== 'explain') {
        lines.push(...(await names(ctx, words[1])));
      } else if (words.length === 1 && POD_COMMANDS.has(words[0])) {
        lines.push(...(await names(ctx, 'pods')));
      } else if (words[0] === 'config' && words.length === 1) {
        lines.push('view', 'get-contexts', 'current-context', 'use-context', 'set-context', 'get-clusters', 'get-users');
      } else if (words[0] === 'config' && words[1] === 'use-context' && words.length === 2) {
        lines.push(...(ctx.kubeconfigs().merged.contexts ?? []).map((c) => c.name));
      }
    } catch {
      // No candidates rather than an error in the middle of the user's typing.
    }
    ctx.out(lines.map((l) => `${l}\n`).join(''));
    return 0;
  },
};

async function names(ctx: CommandContext, type: string): Promise<string[]> {
  const info = await ctx.discovery().resolve(type);
  const root = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const path = info.namespaced ? `${root}/namespaces/${encodeURIComponent(ctx.namespace())}/${info.resource}` : `${root}/${info.resource}`;
  const list = await ctx.client().request<{ items: Array<{ metadata: { name: string } }> }>('GET', path);
  return list.items.map((i) => i.metadata.name);
}
