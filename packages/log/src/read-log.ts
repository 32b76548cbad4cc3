import { type Envelope, readEnvelopeLine } from "@lodestar/envelope";
import { DEFAULT_MAX_LINE_BYTES, type LogSource, readLines } from "./line-reader.ts";
import { LogError } from "./log-error.ts";

/**
 * The envelopes of a log, in file order, in constant memory. Each line is parsed strictly (canonical
 * form, schema, own hash); the first line that fails throws a LogError naming its line number.
 * Chain links, seq order and checkpoints are verifyLog's job: run it first for an untrusted file.
 */
export async function* readLog(
  source: LogSource,
  options: { maxLineBytes?: number } = {},
): AsyncGenerator<Envelope> {
  for await (const items of readLines(source, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)) {
    for (const item of items) {
      if (item.kind === "error") throw new LogError("malformed-line", item.message);
      if (!item.terminated) {
        throw new LogError("malformed-line", `line ${item.line} has no newline (a torn write)`);
      }
      let envelope: Envelope;
      try {
        envelope = readEnvelopeLine(item.text);
      } catch (error) {
        throw new LogError("malformed-line", `line ${item.line}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      yield envelope;
    }
  }
}
