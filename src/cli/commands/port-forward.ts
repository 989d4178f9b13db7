// `kubectl port-forward POD [LOCAL:]REMOTE...`: local listeners forwarding to the pod until
// interrupted, with kubectl's `Forwarding from` and `Handling connection for` lines.
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { forwardingLines, handlingConnectionLine, notRunningError } from '../streaming/kubectl-notices';
import { forwardPorts } from '../streaming/port-forward';
import { namedPortsToNumbers, parsePortMappings } from '../streaming/port-spec';
import { targetPod } from './pod-target';

export const portForwardCommand: CommandSpec = {
  name: 'port-forward',
  short: 'Forward one or more local ports to a pod.',
  usage: 'kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]',
  flags: [
    { name: 'address', type: 'stringSlice', default: ['localhost'], usage: 'Addresses to listen on (comma separated).' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s', usage: 'The length of time to wait until at least one pod is running' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length < 2) throw new UsageError('error: TYPE/NAME and list of ports are required for port-forward');
    const pod = await targetPod(ctx, ctx.args[0]);
    const notRunning = notRunningError(pod);
    if (notRunning) throw new CliError(`error: ${notRunning.message}`);
    let ports;
    try { ports = parsePortMappings(namedPortsToNumbers(pod, ctx.args.slice(1))); } catch (e) { throw new CliError(`error: ${(e as Error).message}`); }
    const forwarder = await forwardPorts(ctx.connection(), ctx.namespace(), pod.metadata!.name!, ports, {
      addresses: ctx.flags.list('address'),
      onConnection: (port) => ctx.out(`${handlingConnectionLine(port)}\n`),
      onError: (message) => ctx.err(`${message}\n`),
    }).catch((e: Error) => { throw new CliError(`error: ${e.message}`); });
    for (const line of forwardingLines(forwarder.listeners)) ctx.out(`${line}\n`);
    const stop = () => { void forwarder.close(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await forwarder.done;
    } catch (e) {
      throw new CliError(`error: ${(e as Error).message}`);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};
