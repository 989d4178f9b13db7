// `kubectl logs`: one container's log (the named one, the default-container annotation's, or the
// first with a notice), all containers with --all-containers, or the pods of a label selector.
import { Writable } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../client/api-client';
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { parseDuration } from '../objects/duration';
import { logContainer } from '../streaming/kubectl-notices';
import { streamPodLogs, type LogOptions } from '../streaming/logs';
import { targetPod } from './pod-target';

export const logsCommand: CommandSpec = {
  name: 'logs',
  short: 'Print the logs for a container in a pod.',
  usage: 'kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]',
  flags: [
    { name: 'container', short: 'c', type: 'string', usage: 'Print the logs of this container' },
    { name: 'follow', short: 'f', type: 'bool', default: false, usage: 'Specify if the logs should be streamed.' },
    { name: 'previous', short: 'p', type: 'bool', default: false, usage: 'If true, print the logs for the previous instance of the container in a pod if it exists.' },
    { name: 'tail', type: 'int', default: -1, usage: 'Lines of recent log file to display.' },
    { name: 'since', type: 'string', usage: 'Only return logs newer than a relative duration like 5s, 2m, or 3h.' },
    { name: 'since-time', type: 'string', usage: 'Only return logs after a specific date (RFC3339).' },
    { name: 'timestamps', type: 'bool', default: false, usage: 'Include timestamps on each line in the log output' },
    { name: 'limit-bytes', type: 'int', default: 0, usage: 'Maximum bytes of logs to return.' },
    { name: 'all-containers', type: 'bool', default: false, usage: 'Get all containers\' logs in the pod(s).' },
    { name: 'prefix', type: 'bool', default: false, usage: 'Prefix each log line with the log source (pod name and container name)' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
    { name: 'max-log-requests', type: 'int', default: 5, usage: 'Specify maximum number of concurrent logs to follow when using by a selector.' },
    { name: 'ignore-errors', type: 'bool', default: false, usage: 'If watching / following pod logs, allow for any errors that occur to be non-fatal' },
    { name: 'insecure-skip-tls-verify-backend', type: 'bool', default: false, usage: 'Skip verifying the identity of the kubelet that logs are requested from.' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    if (f.str('since') && f.str('since-time')) throw new CliError('error: at most one of `sinceTime` or `sinceSeconds` may be specified');
    let pods: Pod[];
    let container = f.str('container') || undefined;
    if (f.str('selector')) {
      if (ctx.args.length) throw new UsageError('error: only one of -l or POD may be specified');
      const q = new URLSearchParams({ labelSelector: f.str('selector') });
      pods = (await ctx.client().request<{ items: Pod[] }>('GET', `/api/v1/namespaces/${encodeURIComponent(ctx.namespace())}/pods?${q}`)).items;
      if (pods.length === 0) { ctx.err(`No resources found in ${ctx.namespace()} namespace.\n`); return 0; }
    } else {
      if (ctx.args.length === 0) throw new UsageError('error: expected POD or TYPE/NAME is a required argument for the logs command');
      if (ctx.args.length === 2 && !container) container = ctx.args[1];
      else if (ctx.args.length > 2) throw new UsageError('error: expected \'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]\'.');
      try {
        pods = [await targetPod(ctx, ctx.args[0])];
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) throw new CliError(`error: error from server (NotFound): pods "${ctx.args[0].split('/').pop()}" not found in namespace "${ctx.namespace()}"`);
        throw e;
      }
    }
    const base: LogOptions = {
      follow: f.bool('follow'), previous: f.bool('previous'), timestamps: f.bool('timestamps'),
      tailLines: f.int('tail') >= 0 ? f.int('tail') : f.str('selector') ? 10 : undefined,
      sinceSeconds: f.str('since') ? Math.ceil(parseDuration(f.str('since')) / 1000) : undefined,
      sinceTime: f.str('since-time') || undefined,
      limitBytes: f.int('limit-bytes') > 0 ? f.int('limit-bytes') : undefined,
      insecureSkipTLSVerifyBackend: f.bool('insecure-skip-tls-verify-backend'),
    };
    const prefixAll = f.bool('prefix');
    for (const pod of pods) {
      const containers = f.bool('all-containers')
        ? [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name)
        : [chooseContainer(ctx, pod, container)];
      for (const c of containers) {
        const out = prefixAll ? prefixed(ctx, `[pod/${pod.metadata!.name}/${c}] `) : ctx.io.stdout;
        await streamPodLogs(ctx.connection(), ctx.namespace(), pod.metadata!.name!, { ...base, container: c }, out);
        if (out !== ctx.io.stdout) out.end();
      }
    }
    return 0;
  },
};

function chooseContainer(ctx: CommandContext, pod: Pod, requested: string | undefined): string {
  try {
    const { container, notices } = logContainer(pod, requested);
    for (const n of notices) ctx.err(`${n}\n`);
    return container.name;
  } catch (e) {
    throw new CliError(`error: ${(e as Error).message}`);
  }
}

/** A writable that puts `prefix` before every line it passes on to stdout. */
function prefixed(ctx: CommandContext, prefix: string): NodeJS.WritableStream & { end(): void } {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) ctx.out(`${prefix}${l}\n`);
      done();
    },
    final(done) {
      if (pending) ctx.out(`${prefix}${pending}\n`);
      done();
    },
  });
}
