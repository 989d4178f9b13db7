// String formats Kubernetes validates everywhere (DNS labels and subdomains, qualified names,
// label values, config keys, env var names, port names, IPs) and the name rules of object
// metadata. Each check returns the list of broken rules in Kubernetes' own words, so that the
// callers can wrap them in field errors exactly as apimachinery's validation package does.
import { isIP } from 'node:net';

/** Go's len(): the UTF-8 byte length, which is what Kubernetes' length limits count. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export const maxLenError = (length: number): string => `must be no more than ${length} characters`;
export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;
export const EMPTY_ERROR = 'must be non-empty';

/** The rule text followed by examples and the regex, punctuated as apimachinery does (double space included). */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const shown = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

const anchored = (fmt: string): RegExp => new RegExp(`^(?:${fmt})$`);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const dns1123Label = anchored(DNS1123_LABEL_FMT);
const dns1123Subdomain = anchored(DNS1123_SUBDOMAIN_FMT);
const dns1035Label = anchored(DNS1035_LABEL_FMT);

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!dns1123Label.test(value)) {
    // A valid subdomain that is not a label can only be failing because of its dots.
    errs.push(dns1123Subdomain.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!dns1123Subdomain.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!dns1035Label.test(value)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qualifiedName = anchored(QUALIFIED_NAME_FMT);

/** A "qualified name" (label keys, annotation keys, finalizers, condition types): optional DNS prefix and '/'. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedName.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValue = anchored(LABEL_VALUE_FMT);

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!labelValue.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

function chdirPrefixErrors(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const configKey = anchored(CONFIG_KEY_FMT);

/** Keys of ConfigMap and Secret data (they become file names in volumes). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!configKey.test(value)) errs.push(regexError(CONFIG_KEY_MSG, CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  errs.push(...chdirPrefixErrors(value));
  return errs;
}

const ENV_VAR_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_VAR_MSG = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const envVarName = anchored(ENV_VAR_FMT);

export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!envVarName.test(value)) errs.push(regexError(ENV_VAR_MSG, ENV_VAR_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  errs.push(...chdirPrefixErrors(value));
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isInRange(value: number, lo: number, hi: number): string[] {
  return value >= lo && value <= hi ? [] : [inclusiveRangeError(lo, hi)];
}

/** Kubernetes 1.30 caps user and group ids at int32. */
const MAX_ID = 2147483647;
export const isValidUserID = (id: number): string[] => isInRange(id, 0, MAX_ID);
export const isValidGroupID = (id: number): string[] => isInRange(id, 0, MAX_ID);

/** IANA_SVC_NAME: at most 15 of [-a-z0-9], at least one letter, no leading/trailing/double hyphens. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

const HTTP_HEADER_FMT = '[-A-Za-z0-9]+';
export function isHTTPHeaderName(value: string): string[] {
  return anchored(HTTP_HEADER_FMT).test(value) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_FMT, 'X-Header-Name')];
}

export function isValidIP(value: string): string[] {
  return isIP(value) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

export function isValidCIDR(value: string): string[] {
  const m = /^(.+)\/(\d{1,3})$/.exec(value);
  const family = m ? isIP(m[1]) : 0;
  if (!m || !family || Number(m[2]) > (family === 4 ? 32 : 128)) return ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
  return [];
}

// ---- name rules of object metadata (apimachinery's ValidateNameFunc family) ----

/**
 * How a kind's metadata.name is checked: most kinds are DNS subdomains, namespaces are DNS
 * labels, services DNS-1035 labels; 'path-segment' is the rule every object meets (it must fit
 * in a URL path), 'none' skips the check.
 */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment' | 'none';

/**
 * With `prefix` (a generateName), a trailing dash is allowed. Kubernetes masks it by dropping the
 * last two characters and appending 'a'; the same quirk is kept so that lengths count alike.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

export const nameIsDNSSubdomain = (name: string, prefix: boolean): string[] => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel = (name: string, prefix: boolean): string[] => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label = (name: string, prefix: boolean): string[] => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** The rule the generic registry applies to every object: the name must be usable as one URL path segment. */
export function validatePathSegmentName(name: string, prefix: boolean): string[] {
  if (!prefix) {
    if (name === '.') return ["may not be '.'"];
    if (name === '..') return ["may not be '..'"];
  }
  const errs: string[] = [];
  if (name.includes('/')) errs.push("may not contain '/'");
  if (name.includes('%')) errs.push("may not contain '%'");
  return errs;
}

export function nameRuleErrors(rule: NameRule, name: string, prefix: boolean): string[] {
  switch (rule) {
    case 'subdomain': return nameIsDNSSubdomain(name, prefix);
    case 'label': return nameIsDNSLabel(name, prefix);
    case 'dns1035': return nameIsDNS1035Label(name, prefix);
    case 'path-segment': return validatePathSegmentName(name, prefix);
    case 'none': return [];
  }
}
