/**
 * The image registry as far as kubesim can vouch for it. kubesim cannot know every registry, so it
 * fails a pull only where it is sure the image does not exist: a tag of a Docker Hub official image
 * from its image catalogue (network/containers/images.ts) that does not look like any tag those
 * images publish (`nginx:doesnotexist`, `nginx:lates`). Everything else — digests, other
 * repositories, other registries, private images — pulls, as before.
 */
import type { ImageReference } from './image-reference.js';

/** The `docker.io/library/*` images of the image catalogue. */
export const OFFICIAL_IMAGES: ReadonlySet<string> = new Set(['nginx', 'httpd', 'busybox', 'alpine', 'ubuntu', 'debian', 'redis', 'postgres', 'mysql', 'mariadb']);

/**
 * Words the official images build their tags from: channels, base distributions (and their
 * release names), C libraries and flavours. A tag part may carry a version (`alpine3.20`,
 * `ltsc2022`, `rc1`).
 */
const VARIANT_WORDS = [
  'latest', 'stable', 'mainline', 'unstable', 'edge', 'lts', 'innovation', 'oracle', 'oraclelinux',
  'alpine', 'slim', 'perl', 'otel', 'musl', 'glibc', 'uclibc', 'rc', 'beta', 'alpha',
  'bookworm', 'bullseye', 'buster', 'stretch', 'jessie', 'trixie', 'sid', 'testing', 'oldstable', 'experimental',
  'debian', 'ubuntu', 'jammy', 'noble', 'focal', 'bionic', 'xenial', 'oracular', 'plucky', 'rolling', 'devel',
  'windowsservercore', 'nanoserver', 'ltsc',
];

const VERSION = '\\d+(?:\\.\\d+)*';
const TAG_PART_RE = new RegExp(`^(?:(?:${VARIANT_WORDS.join('|')})(?:${VERSION})?|${VERSION})$`);

/**
 * Whether an official image publishes this tag: `latest`, a version with optional `-suffix`
 * parts (`1.27`, `1.27-alpine`, `1.36.1-musl`, `1.27.3-bookworm-perl`), or variant words joined
 * by `-` (`stable-alpine-slim`, `bookworm`).
 */
export function officialTagExists(tag: string): boolean {
  return tag.split('-').every((part) => TAG_PART_RE.test(part));
}

/**
 * The CRI error of a pull of this image, or undefined when it pulls. The text is containerd's for
 * a tag the registry does not have.
 */
export function pullError(ref: ImageReference): string | undefined {
  if (ref.digest || ref.domain !== 'docker.io' || !ref.path.startsWith('library/')) return undefined;
  if (!OFFICIAL_IMAGES.has(ref.path.slice('library/'.length))) return undefined;
  if (officialTagExists(ref.tag ?? 'latest')) return undefined;
  const name = ref.normalized;
  return `rpc error: code = NotFound desc = failed to pull and unpack image ${JSON.stringify(name)}: failed to resolve reference ${JSON.stringify(name)}: ${name}: not found`;
}
