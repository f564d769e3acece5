/**
 * The cluster's seeded random source (sfc32: small, fast, good enough for a simulation).
 * Its state lives in the state file, so the same seed and the same commands give the same
 * names, IPs and load-balancing choices on every machine.
 */
export class Random {
  private s: [number, number, number, number];

  constructor(state: number[]) {
    if (state.length !== 4) throw new Error('random state must have 4 words');
    this.s = [state[0] >>> 0, state[1] >>> 0, state[2] >>> 0, state[3] >>> 0];
  }

  /** A fresh generator from a numeric or string seed (splitmix-style expansion, then warm-up). */
  static fromSeed(seed: number | string): Random {
    let h = 0x9e3779b9;
    const text = String(seed);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) ^ (h >>> 13);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      h = (h + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      words.push((z ^ (z >>> 16)) >>> 0);
    }
    const r = new Random(words);
    for (let i = 0; i < 12; i++) r.uint32();
    return r;
  }

  state(): number[] {
    return [...this.s];
  }

  uint32(): number {
    let [a, b, c, d] = this.s;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s = [a, b, c, d];
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** n characters drawn from alphabet. */
  string(n: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  /** Lowercase hex string of n characters (container IDs, machine IDs). */
  hex(n: number): string {
    return this.string(n, '0123456789abcdef');
  }

  /** An RFC 4122 version-4 UUID. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(4)];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** The alphabet of apimachinery's rand.String (no vowels, no confusable digits). */
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
