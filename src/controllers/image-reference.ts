/**
 * Container image references, parsed the way the kubelet does before it asks the runtime for an
 * image: the docker reference grammar (`[domain[:port]/]path[:tag][@digest]`), normalized to a
 * fully qualified name (`nginx:1.25` → `docker.io/library/nginx:1.25`). A reference that does
 * not parse makes the container wait with reason InvalidImageName.
 */

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const NAME_TOTAL_LENGTH_MAX = 255;

// The grammar, component by component.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN_AND_PORT}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_RE = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)$`);
const ANCHORED_IDENTIFIER_RE = /^[a-f0-9]{64}$/;

const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export interface ImageReference {
  /** What the pod spec said. */
  original: string;
  /** Registry host (and port), e.g. `docker.io`. */
  domain: string;
  /** Repository path, e.g. `library/nginx`. */
  path: string;
  tag?: string;
  digest?: string;
  /** `docker.io/library/nginx` */
  repository: string;
  /**
   * The fully qualified reference the runtime reports as the container's image:
   * `docker.io/library/nginx:1.25`; `:latest` is added when neither tag nor digest is given.
   */
  normalized: string;
}

export type ImageParseResult = { ok: true; ref: ImageReference } | { ok: false; error: string };

/** The docker reference grammar with docker.io / library/ normalization (ParseNormalizedNamed). */
export function parseImageReference(image: string): ImageParseResult {
  if (ANCHORED_IDENTIFIER_RE.test(image)) {
    return { ok: false, error: `invalid repository name (${image}), cannot specify 64-byte hexadecimal strings` };
  }
  // Split off the registry: the first component is a domain only if it looks like one.
  const slash = image.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = slash < 0 ? '' : image.slice(0, slash);
  if (slash < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = image;
  } else {
    domain = first;
    remainder = image.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;

  const colon = remainder.indexOf(':');
  const remoteName = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) {
    return { ok: false, error: `invalid reference format: repository name (${remoteName}) must be lowercase` };
  }

  const full = `${domain}/${remainder}`;
  const m = REFERENCE_RE.exec(full);
  if (!m) {
    if (REFERENCE_RE.test(full.toLowerCase())) return { ok: false, error: 'repository name must be lowercase' };
    return { ok: false, error: 'invalid reference format' };
  }
  const name = m[1];
  if (name.length > NAME_TOTAL_LENGTH_MAX) return { ok: false, error: `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters` };
  const nm = ANCHORED_NAME_RE.exec(name);
  const refDomain = nm?.[1] ?? '';
  const path = nm?.[2] ?? name;
  const tag = m[2] || undefined;
  const digest = m[3] || undefined;
  if (digest) {
    const sep = digest.indexOf(':');
    const alg = digest.slice(0, sep);
    const hex = digest.slice(sep + 1);
    const want = DIGEST_HEX_LENGTH[alg];
    if (want === undefined) return { ok: false, error: 'unsupported digest algorithm' };
    if (hex.length !== want) return { ok: false, error: 'invalid checksum digest length' };
    if (!/^[a-f0-9]+$/.test(hex)) return { ok: false, error: 'invalid checksum digest format' };
  }
  const repository = `${refDomain}/${path}`;
  let normalized = repository;
  if (tag) normalized += `:${tag}`;
  if (digest) normalized += `@${digest}`;
  if (!tag && !digest) normalized += ':latest';
  return { ok: true, ref: { original: image, domain: refDomain, path, tag, digest, repository, normalized } };
}

/** The kubelet's InspectFailed event text (and the waiting message) for an image that does not parse. */
export function invalidImageMessage(image: string, error: string): string {
  return `Failed to apply default image tag ${goQuote(image)}: couldn't parse image name ${goQuote(image)}: ${error}`;
}

/** Go's %q for the printable strings that appear in image names. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The image pull policy the apiserver defaults to: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const parsed = parseImageReference(image);
  if (!parsed.ok) return 'IfNotPresent';
  const { tag, digest } = parsed.ref;
  if (digest) return 'IfNotPresent';
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
