import { isUtf8 } from "node:buffer";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { DEFAULT_MAX_LINE_BYTES } from "./line-reader.ts";
import { LogError } from "./log-error.ts";
import { syncDirectory } from "./sync-directory.ts";

type Handle = Awaited<ReturnType<typeof open>>;

/** Path of the sidecar that keeps torn tails set aside by recovery. */
export function tornFilePath(logFile: string): string {
  return `${logFile}.torn`;
}

/** What recovery set aside: `length` bytes that started at byte `offset` of the log. */
export interface TornTail {
  offset: number;
  length: number;
}

const SCAN_BYTES = 64 * 1024;

/**
 * Repairs the only damage a crashed writer can leave (protocol §3): a torn last line. A last line
 * without its newline, or a complete last line that is not even JSON (e.g. zero-filled blocks after
 * a power cut), is appended to `<file>.torn` and fsynced there BEFORE the log is truncated to the
 * last good newline — set aside, never silently dropped. A last line that is JSON but fails the
 * envelope checks is not a torn write and is left for verification to refuse.
 */
export async function recoverTornTail(
  logFile: string,
  options: { maxLineBytes?: number; now?: () => Date } = {},
): Promise<TornTail | undefined> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let handle: Handle;
  try {
    handle = await open(logFile, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new LogError("io", `cannot open ${logFile}`, { cause: error });
  }
  try {
    const size = (await handle.stat()).size;
    if (size === 0) return undefined;
    const torn = await findTornTail(handle, size, maxLineBytes);
    if (torn === undefined) return undefined;
    const bytes = Buffer.alloc(torn.length);
    await handle.read(bytes, 0, torn.length, torn.offset);
    await setAside(logFile, torn, bytes, (options.now ?? (() => new Date()))());
    await handle.truncate(torn.offset);
    await handle.sync();
    return torn;
  } finally {
    await handle.close();
  }
}

async function findTornTail(
  handle: Handle,
  size: number,
  maxLineBytes: number,
): Promise<TornTail | undefined> {
  const lastNewline = await lastNewlineBefore(handle, size, maxLineBytes + 1);
  if (lastNewline !== size - 1) {
    const offset = lastNewline === undefined ? -1 : lastNewline;
    if (lastNewline === undefined && size > maxLineBytes) {
      // Longer than any line the writer produces: not a torn write of ours. Refuse to guess.
      throw new LogError("tail-unrecoverable", `the last ${size} bytes have no newline and exceed a line`);
    }
    return { offset: offset + 1, length: size - offset - 1 };
  }
  const previous = await lastNewlineBefore(handle, lastNewline, maxLineBytes + 1);
  if (previous === undefined && lastNewline > maxLineBytes) return undefined; // too long: verify refuses it
  const start = previous === undefined ? 0 : previous + 1;
  const line = Buffer.alloc(lastNewline - start);
  await handle.read(line, 0, line.length, start);
  return parsesAsJson(line) ? undefined : { offset: start, length: size - start };
}

/** Offset of the last "\n" in [end - limit, end), scanning backwards, or undefined. */
async function lastNewlineBefore(handle: Handle, end: number, limit: number): Promise<number | undefined> {
  const floor = Math.max(0, end - limit);
  const buffer = Buffer.alloc(SCAN_BYTES);
  let high = end;
  while (high > floor) {
    const low = Math.max(floor, high - SCAN_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, high - low, low);
    const at = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at !== -1) return low + at;
    high = low;
  }
  return undefined;
}

function parsesAsJson(line: Buffer): boolean {
  if (!isUtf8(line)) return false;
  try {
    JSON.parse(line.toString("utf8"));
    return true;
  } catch {
    return false;
  }
}

async function setAside(logFile: string, torn: TornTail, bytes: Buffer, at: Date): Promise<void> {
  const path = tornFilePath(logFile);
  // One JSON record per recovery; base64 because torn bytes may be any bytes at all.
  const record = {
    base64: bytes.toString("base64"),
    length: torn.length,
    offset: torn.offset,
    recoveredAt: at.toISOString(),
  };
  const handle = await open(path, "a", 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(record)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(dirname(path));
}
