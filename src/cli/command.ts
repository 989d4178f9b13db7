// What every `k8ts kubectl` command gets: its parsed flags and arguments, the terminal streams,
// and lazily built access to the cluster (kubeconfig, client, discovery), so that commands that
// never talk to a server (config, completion, version --client) never read more than they need.
import type { Readable, Writable } from 'node:stream';
import { ApiClient } from '../client/api-client';
import type { Connection } from '../client/kubeconfig';
import type { FlagSpec, Flags } from './flags/flag-parser';
import { KubeconfigSet, resolveConfig, type ResolvedConfig } from './config/kubeconfig-set';
import { Discovery, discoveryCacheDir } from './discovery/discovery';
import { primeRootStore } from './config/tls-roots';

export interface CliIO {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/** An error whose message kubectl prints as it stands (exit code 1). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) { super(message); }
}

/** A usage error: printed with kubectl's "See 'kubectl X -h' for help and examples" hint. */
export class UsageError extends CliError {}

export interface CommandSpec {
  name: string;
  aliases?: string[];
  short: string;
  /** `kubectl <name> --help` text after the short description (examples and usage line). */
  usage: string;
  flags: FlagSpec[];
  subcommands?: CommandSpec[];
  /** Whether the positional arguments include a `--` command (exec); flags then stop at `--`. */
  run?(ctx: CommandContext): Promise<number>;
}

export class CommandContext {
  private resolvedConfig?: ResolvedConfig;
  private apiClient?: ApiClient;
  private discoveryCache?: Discovery;
  private kubeconfigSet?: KubeconfigSet;

  constructor(
    readonly io: CliIO,
    /** The command path, e.g. `get` or `config view`. */
    readonly commandPath: string,
    readonly flags: Flags,
    readonly args: string[],
    readonly afterDash: string[] | undefined,
  ) {}

  kubeconfigs(): KubeconfigSet {
    this.kubeconfigSet ??= KubeconfigSet.load(this.io.env, this.flags.str('kubeconfig') || undefined);
    return this.kubeconfigSet;
  }

  config(): ResolvedConfig {
    this.resolvedConfig ??= resolveConfig(this.kubeconfigs(), {
      context: this.flags.str('context') || undefined,
      cluster: this.flags.str('cluster') || undefined,
      user: this.flags.str('user') || undefined,
      namespace: this.flags.str('namespace') || undefined,
      server: this.flags.str('server') || undefined,
      token: this.flags.str('token') || undefined,
      certificateAuthority: this.flags.str('certificate-authority') || undefined,
      clientCertificate: this.flags.str('client-certificate') || undefined,
      clientKey: this.flags.str('client-key') || undefined,
      insecureSkipTlsVerify: this.flags.changed('insecure-skip-tls-verify') ? this.flags.bool('insecure-skip-tls-verify') : undefined,
    });
    return this.resolvedConfig;
  }

  connection(): Connection {
    const conn = this.config().connection;
    primeRootStore(conn);
    return conn;
  }
  namespace(): string { return this.config().namespace; }

  client(): ApiClient {
    this.apiClient ??= new ApiClient(this.connection(), `kubectl/v1.32.0 (k8ts)`);
    return this.apiClient;
  }

  discovery(): Discovery {
    this.discoveryCache ??= new Discovery(this.client(), discoveryCacheDir(this.io.env.HOME, this.connection().server));
    return this.discoveryCache;
  }

  out(text: string): void { this.io.stdout.write(text); }
  err(text: string): void { this.io.stderr.write(text); }

  close(): void { this.apiClient?.close(); }
}
