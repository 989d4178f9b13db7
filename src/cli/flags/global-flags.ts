// The flags every kubectl command accepts (kubectl's persistent flags): where the cluster is,
// who the user is, and the namespace.
import type { FlagSpec } from './flag-parser';

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'kubeconfig', type: 'string', usage: 'Path to the kubeconfig file to use for CLI requests.' },
  { name: 'context', type: 'string', usage: 'The name of the kubeconfig context to use' },
  { name: 'cluster', type: 'string', usage: 'The name of the kubeconfig cluster to use' },
  { name: 'user', type: 'string', usage: 'The name of the kubeconfig user to use' },
  { name: 'namespace', short: 'n', type: 'string', usage: 'If present, the namespace scope for this CLI request' },
  { name: 'server', short: 's', type: 'string', usage: 'The address and port of the Kubernetes API server' },
  { name: 'token', type: 'string', usage: 'Bearer token for authentication to the API server' },
  { name: 'certificate-authority', type: 'string', usage: 'Path to a cert file for the certificate authority' },
  { name: 'client-certificate', type: 'string', usage: 'Path to a client certificate file for TLS' },
  { name: 'client-key', type: 'string', usage: 'Path to a client key file for TLS' },
  { name: 'insecure-skip-tls-verify', type: 'bool', default: false, usage: "If true, the server's certificate will not be checked for validity" },
  { name: 'tls-server-name', type: 'string', usage: 'Server name to use for server certificate validation' },
  { name: 'request-timeout', type: 'string', default: '0', usage: 'The length of time to wait before giving up on a single server request' },
  { name: 'cache-dir', type: 'string', usage: 'Default cache directory' },
  { name: 'v', short: 'v', type: 'int', default: 0, usage: 'number for the log level verbosity' },
  { name: 'as', type: 'string', usage: 'Username to impersonate for the operation' },
  { name: 'as-group', type: 'stringArray', usage: 'Group to impersonate for the operation' },
  { name: 'username', type: 'string', usage: 'Username for basic authentication to the API server' },
  { name: 'password', type: 'string', usage: 'Password for basic authentication to the API server' },
  { name: 'match-server-version', type: 'bool', default: false, usage: 'Require server version to match client version' },
  { name: 'warnings-as-errors', type: 'bool', default: false, usage: 'Treat warnings received from the server as errors and exit with a non-zero exit code' },
  { name: 'help', short: 'h', type: 'bool', default: false, usage: 'help for this command' },
];

/** Global flags that take a value in the next argument (for finding the command name). */
export const GLOBAL_VALUE_FLAGS = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));
