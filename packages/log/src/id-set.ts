/**
 * The envelope ids seen so far, as 53-bit fingerprints in an open-addressing table of doubles: 16
 * bytes an id off the JS heap (a Set of strings takes ~100 on it), so a million-envelope log keeps
 * verifying in a small heap. A fingerprint collision can only make `has` answer true for an id
 * that was never added (odds ~n / 2^53 per lookup): a dangling parent could then go unreported,
 * never a valid log refused.
 */
export class IdSet {
  #slots = new Float64Array(1024);
  #size = 0;

  add(id: string): void {
    if ((this.#size + 1) * 2 > this.#slots.length) this.#grow();
    if (insert(this.#slots, fingerprint(id))) this.#size++;
  }

  has(id: string): boolean {
    const slots = this.#slots;
    const print = fingerprint(id);
    const mask = slots.length - 1;
    for (let i = print % slots.length; ; i = (i + 1) & mask) {
      const slot = slots[i]!;
      if (slot === 0) return false;
      if (slot === print) return true;
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Float64Array(old.length * 2);
    for (const print of old) if (print !== 0) insert(this.#slots, print);
  }
}

/** Puts `print` in the table (a power-of-two size, never full); false if it was there. */
function insert(slots: Float64Array, print: number): boolean {
  const mask = slots.length - 1;
  for (let i = print % slots.length; ; i = (i + 1) & mask) {
    const slot = slots[i]!;
    if (slot === print) return false;
    if (slot === 0) {
      slots[i] = print;
      return true;
    }
  }
}

/** A non-zero 53-bit fingerprint of `id`: two 32-bit FNV-1a variants, 21 + 32 bits. */
function fingerprint(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  const print = (a >>> 11) * 2 ** 32 + (b >>> 0);
  return print === 0 ? 1 : print;
}
