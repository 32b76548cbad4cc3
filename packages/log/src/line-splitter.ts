/** One item of a log read as lines: a decoded line, or the reason the next line cannot be read. */
export type LineItem =
  | { kind: "line"; text: string; line: number; terminated: boolean }
  | { kind: "error"; code: "invalid-utf8" | "line-too-long"; line: number; message: string };

export const NEWLINE = 0x0a;

/**
 * Cuts bytes into lines, chunk by chunk, carrying at most one partial line between chunks, with a
 * hard cap on line length. Bytes are attacker-controlled: a line past the cap or with invalid UTF-8
 * yields an error item naming its line number, and the splitter stops (`stopped`): never an
 * out-of-memory, never a silently replaced character.
 */
export class LineSplitter {
  // fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a BOM stays in the text and fails
  // the canonical check instead of being stripped silently.
  readonly #decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  readonly #maxLineBytes: number;
  #carried: Uint8Array[] = [];
  #carriedBytes = 0;
  #line: number;
  #stopped = false;

  /** `firstLine`: the number of the first line this splitter sees (a chunk from mid-file). */
  constructor(maxLineBytes: number, firstLine = 1) {
    this.#maxLineBytes = maxLineBytes;
    this.#line = firstLine;
  }

  /** True once an error item was produced: nothing after it is read. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** The lines `chunk` completes. The chunk is not kept (a partial line is copied). */
  push(chunk: Buffer): LineItem[] {
    const items: LineItem[] = [];
    let start = 0;
    while (!this.#stopped && start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) {
        this.#carriedBytes += chunk.length - start;
        if (this.#carriedBytes > this.#maxLineBytes) items.push(this.#tooLong());
        else this.#carried.push(Buffer.from(chunk.subarray(start)));
        break;
      }
      let bytes: Uint8Array = chunk.subarray(start, end);
      if (this.#carried.length > 0) {
        this.#carried.push(bytes);
        bytes = Buffer.concat(this.#carried, this.#carriedBytes + bytes.length);
        this.#carried = [];
        this.#carriedBytes = 0;
      }
      items.push(bytes.length > this.#maxLineBytes ? this.#tooLong() : this.#decode(bytes, true));
      this.#line++;
      start = end + 1;
    }
    return items;
  }

  /** The end of the input: a last line without its newline (a torn write), if any. */
  end(): LineItem[] {
    if (this.#stopped || this.#carried.length === 0) return [];
    return [this.#decode(Buffer.concat(this.#carried, this.#carriedBytes), false)];
  }

  #decode(bytes: Uint8Array, terminated: boolean): LineItem {
    try {
      return { kind: "line", text: this.#decoder.decode(bytes), line: this.#line, terminated };
    } catch {
      this.#stopped = true;
      const line = this.#line;
      return { kind: "error", code: "invalid-utf8", line, message: `line ${line} is not valid UTF-8` };
    }
  }

  #tooLong(): LineItem {
    this.#stopped = true;
    const line = this.#line;
    const message = `line ${line} is longer than ${this.#maxLineBytes} bytes`;
    return { kind: "error", code: "line-too-long", line, message };
  }
}
