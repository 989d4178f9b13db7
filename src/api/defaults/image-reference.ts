// Container image references ("nginx", "nginx:1.25", "registry:5000/team/app@sha256:…") parsed
// by the grammar of the distribution/reference library Kubernetes uses, with Docker Hub
// normalization. Defaulting needs the tag (an untagged, undigested image means ":latest");
// the kubelet needs the normalized name to pull.

export interface ImageReference {
  /** Registry host (and port), "docker.io" when the reference names none. */
  domain: string;
  /** Repository path within the registry, "library/nginx" for an official Docker Hub image. */
  path: string;
  tag?: string;
  digest?: string;
}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const NAME_MAX = 255;

/** Parses and normalizes an image reference; undefined when it is not one. */
export function parseImageReference(image: string): ImageReference | undefined {
  const m = REFERENCE.exec(image);
  if (!m || m[1].length > NAME_MAX) return undefined;
  const name = m[1];
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  let domain = 'docker.io';
  let path = name;
  // The first component is a registry only if it looks like a host: a dot, a port, or localhost.
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    domain = first;
    path = name.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const ref: ImageReference = { domain, path };
  if (m[2] !== undefined) ref.tag = m[2];
  if (m[3] !== undefined) ref.digest = m[3];
  return ref;
}

/** The fully qualified name, e.g. "docker.io/library/nginx:latest". */
export function normalizedImageName(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (!ref) return undefined;
  const tag = ref.tag ?? (ref.digest ? undefined : 'latest');
  return `${ref.domain}/${ref.path}${tag ? `:${tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/**
 * The pull policy Kubernetes defaults to: Always for ":latest" or an image with neither tag nor
 * digest, IfNotPresent otherwise (also for references it cannot parse).
 */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const ref = parseImageReference(image);
  if (!ref) return 'IfNotPresent';
  const tag = ref.tag ?? (ref.digest ? '' : 'latest');
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}
