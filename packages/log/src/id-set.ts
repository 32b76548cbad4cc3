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
    const print = fingerprint(id);
    return this.#slots[slotOf(this.#slots, print)] === print;
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Float64Array(old.length * 2);
    for (const print of old) if (print !== 0) insert(this.#slots, print);
  }
}

/** Where `print` is in the table, or the empty slot where it would go (linear probing). */
function slotOf(slots: Float64Array, print: number): number {
  const mask = slots.length - 1;
  let i = print % slots.length;
  while (slots[i] !== 0 && slots[i] !== print) i = (i + 1) & mask;
  return i;
}

/** Puts `print` in the table (a power-of-two size, never full); false if it was there. */
function insert(slots: Float64Array, print: number): boolean {
  const i = slotOf(slots, print);
  if (slots[i] === print) return false;
  slots[i] = print;
  return true;
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
