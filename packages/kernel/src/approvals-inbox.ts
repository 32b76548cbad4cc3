import { type FSWatcher, watch } from "node:fs";
import { mkdir, open, readdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseStrict } from "@lodestar/jcs";

/** A decision file is tiny; anything bigger is refused unread (threat: a transport feeding junk). */
const MAX_DECISION_FILE_BYTES = 64 * 1024;

export type InboxVerdict = { accepted: true } | { accepted: false; code: string; detail: string };

export interface ApprovalsInboxOptions {
  dir: string;
  /** Only files for these sessions are ours; others belong to another running kernel. */
  owns(session: string): boolean;
  /** Verifies and applies one decision; the inbox files it under applied/ or rejected/. */
  handle(decision: unknown, file: string): Promise<InboxVerdict>;
  /** Malformed files (no session to route by) are moved aside and reported here. */
  onMalformed(file: string, detail: string): Promise<void>;
  pollMs: number;
}

/**
 * The approval-file side channel: signed decisions dropped into a folder (by `lodestar approve`,
 * a USB stick, `lodestar pull`) are picked up by a watcher, with a poll as the fallback where
 * watching is unreliable. The folder is a transport and is never trusted: every file goes
 * through full verification, and is then moved to applied/ or rejected/ (with its reason).
 */
export class ApprovalsInbox {
  readonly #options: ApprovalsInboxOptions;
  #watcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;
  #scanning: Promise<void> | undefined;
  #rescan = false;
  #closed = false;

  constructor(options: ApprovalsInboxOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { dir } = this.#options;
    await mkdir(join(dir, "applied"), { recursive: true });
    await mkdir(join(dir, "rejected"), { recursive: true });
    try {
      this.#watcher = watch(dir, () => void this.scan());
      this.#watcher.on("error", () => this.#watcher?.close());
    } catch {
      // No watcher on this file system: the poll below still picks files up.
    }
    this.#poll = setInterval(() => void this.scan(), this.#options.pollMs);
    this.#poll.unref();
    await this.scan();
  }

  /** Scans the folder once; concurrent calls coalesce into one more pass. */
  scan(): Promise<void> {
    if (this.#scanning !== undefined) {
      this.#rescan = true;
      return this.#scanning;
    }
    this.#scanning = (async () => {
      do {
        this.#rescan = false;
        await this.#scanOnce();
      } while (this.#rescan && !this.#closed);
    })().finally(() => {
      this.#scanning = undefined;
    });
    return this.#scanning;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#watcher?.close();
    if (this.#poll) clearInterval(this.#poll);
    await this.#scanning;
  }

  async #scanOnce(): Promise<void> {
    const { dir } = this.#options;
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
    for (const name of names) {
      if (this.#closed) return;
      const file = join(dir, name);
      const read = await readDecisionFile(file);
      if (read === undefined) continue; // vanished: another kernel took it
      if (!read.ok) {
        if (await moveAside(file, join(dir, "rejected", name), { code: "malformed", detail: read.detail })) {
          await this.#options.onMalformed(file, read.detail);
        }
        continue;
      }
      const session = sessionOf(read.value);
      if (session === undefined) {
        // Valid JSON with nothing to route by (null, {}, [], 42, a non-string session): no kernel
        // will ever own it, so it is moved aside now rather than re-read on every poll forever.
        const detail = "no string `session` to route the decision by";
        if (await moveAside(file, join(dir, "rejected", name), { code: "malformed", detail })) {
          await this.#options.onMalformed(file, detail);
        }
        continue;
      }
      if (!this.#options.owns(session)) continue;
      const verdict = await this.#options.handle(read.value, file);
      const target = join(dir, verdict.accepted ? "applied" : "rejected", name);
      await moveAside(
        file,
        target,
        verdict.accepted ? undefined : { code: verdict.code, detail: verdict.detail },
      );
    }
  }
}

function sessionOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const session = (value as { session?: unknown }).session;
  return typeof session === "string" ? session : undefined;
}

async function readDecisionFile(
  file: string,
): Promise<{ ok: true; value: unknown } | { ok: false; detail: string } | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_DECISION_FILE_BYTES)
      return { ok: false, detail: `file is ${size} bytes (limit ${MAX_DECISION_FILE_BYTES})` };
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, 0);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
    return { ok: true, value: parseStrict(text) };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  } finally {
    await handle.close();
  }
}

/** Moves a processed file out of the inbox; false when another process moved it first. */
async function moveAside(
  from: string,
  to: string,
  reason?: { code: string; detail: string },
): Promise<boolean> {
  try {
    await rename(from, to);
  } catch {
    return false;
  }
  if (reason !== undefined) await writeFile(`${to}.reason.json`, `${JSON.stringify(reason, null, 2)}\n`);
  return true;
}
