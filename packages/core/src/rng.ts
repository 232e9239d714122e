/**
 * Seeded random numbers: the only source of randomness in Rooney.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, 128-bit state) seeded through
 * splitmix32. `fork(i)` derives an independent stream for path/tree `i`, so work split across
 * threads gives the same numbers as work done in one thread.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`"seed" must be a finite number, was ${seed}`);
    this.seed = seed;
    let s = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    // Fold the high bits of large seeds in as well.
    s = (s ^ Math.trunc(seed / 4294967296)) >>> 0;
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A new generator for stream `index`, independent of this one's position. */
  fork(index: number): Rng {
    return new Rng(((this.seed * 1_000_003) ^ Math.imul(index + 1, 0x27d4eb2d)) + index * 7919);
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 53 bits of precision. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Standard normal draw (Marsaglia polar method, the spare value is kept). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal;
      this.spareNormal = Number.NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** Student-t draw with `degrees` of freedom, scaled to unit variance (degrees > 2). */
  studentT(degrees: number): number {
    let chi = 0;
    for (let i = 0; i < degrees; i++) {
      const z = this.normal();
      chi += z * z;
    }
    const t = this.normal() / Math.sqrt(chi / degrees);
    return t * Math.sqrt((degrees - 2) / degrees);
  }
}
