/** A one-line progress bar on a terminal's stderr; nothing at all when stderr is not a TTY. */
export class ProgressBar {
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true;
  }

  update(done: number, sent: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const fraction = this.total === 0 ? 1 : Math.min(1, done / this.total);
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
    this.stream.write(`\r${this.label} [${bar}] ${Math.round(fraction * 100)}% ${sent} sent`);
  }

  done(): void {
    if (this.enabled) this.stream.write("\n");
  }
}
