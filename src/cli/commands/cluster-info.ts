// `kubectl cluster-info`: where the control plane runs, and the services in kube-system that are
// labelled as cluster services (as kubectl looks them up).
import { ApiError } from '../../client/api-client';
import { CliError, type CommandContext, type CommandSpec } from '../command';

const GREEN = '\u001b[0;32m';
const YELLOW = '\u001b[0;33m';
const RESET = '\u001b[0m';

export const clusterInfoCommand: CommandSpec = {
  name: 'cluster-info',
  short: 'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true.',
  usage: 'kubectl cluster-info [flags] [options]',
  flags: [],
  async run(ctx: CommandContext): Promise<number> {
    const server = ctx.connection().server;
    // kubectl asks for the services before printing anything.
    let services: { items: Array<{ metadata: { name: string } }> } | undefined;
    let failure: unknown;
    try {
      const info = await ctx.discovery().resolve('services');
      services = await ctx.client().request('GET', `/api/${info.version}/namespaces/kube-system/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue`);
    } catch (e) {
      failure = e;
    }
    if (!failure) {
      ctx.out(`${GREEN}Kubernetes control plane${RESET} is running at ${YELLOW}${server}${RESET}\n`);
      for (const s of services?.items ?? []) {
        ctx.out(`${GREEN}${s.metadata.name}${RESET} is running at ${YELLOW}${server}/api/v1/namespaces/kube-system/services/${s.metadata.name}/proxy${RESET}\n`);
      }
    }
    ctx.out(`\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
    if (failure instanceof ApiError || failure instanceof Error) throw failure instanceof ApiError ? failure : new CliError(`error: ${failure.message}`);
    return 0;
  },
};
