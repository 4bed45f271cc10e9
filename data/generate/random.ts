/**
 * Random numbers for the generator: sfc32 seeded through splitmix32. Every
 * office draws from its own stream (seed, office index), so an office's rows
 * depend only on the options and its index, never on the offices before it.
 * No Math.random, no clock.
 */

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [state, z >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    let s = (seed | 0) ^ Math.imul((stream | 0) + 0x632be5ab, 0x85ebca6b);
    const w: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [ns, z] = splitmix32(s);
      s = ns;
      w.push(z);
    }
    [this.a, this.b, this.c, this.d] = w;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** uniform in [0, 1) */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** standard normal (Box-Muller; two draws) */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** pick by weight: [[value, weight], ...] */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1][0];
  }

  /** k distinct indexes out of n, ascending */
  sample(n: number, k: number): number[] {
    const chosen = new Set<number>();
    k = Math.min(k, n);
    while (chosen.size < k) chosen.add(Math.floor(this.next() * n));
    return [...chosen].sort((x, y) => x - y);
  }
}
