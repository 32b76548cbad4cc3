import { randomUUID } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { KeyError } from "../key-error.ts";

const isPosix = process.platform !== "win32";

export interface ReadCheckedOptions {
  /** Permission bits that must be clear, e.g. 0o077 for a secret, 0o022 for a trust anchor. */
  forbiddenModeBits: number;
  /** What the file is, for error messages. */
  what: string;
}

/**
 * Reads a file after checking, on the open descriptor (fstat, not stat: no swap between check and
 * read), that it is a regular file owned by us (or root) with none of `forbiddenModeBits` set.
 * The threat is another local user reading a secret key, or planting/editing a trust file.
 */
export async function readCheckedFile(path: string, options: ReadCheckedOptions): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new KeyError("file-not-found", `${options.what} not found: ${path}`, { cause: error });
    }
    throw error;
  }
  try {
    assertSafeStats(await handle.stat(), path, options);
    return await handle.readFile({ encoding: "utf8" });
  } finally {
    await handle.close();
  }
}

function assertSafeStats(stats: Stats, path: string, options: ReadCheckedOptions): void {
  if (!stats.isFile()) throw new KeyError("not-a-file", `${options.what} is not a regular file: ${path}`);
  if (!isPosix) return; // Windows has no POSIX mode bits; ACLs are out of scope here.
  const loose = stats.mode & options.forbiddenModeBits;
  if (loose !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(3, "0");
    throw new KeyError(
      "insecure-permissions",
      `${options.what} ${path} has mode ${mode}; refusing it (fix with: chmod go-rwx ${path})`,
    );
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid && stats.uid !== 0) {
    throw new KeyError(
      "insecure-permissions",
      `${options.what} ${path} is owned by uid ${stats.uid}, not by us`,
    );
  }
}

/**
 * Creates `path` with `mode`, failing if it exists (O_EXCL: never overwrite a key, and never follow
 * a symlink an attacker placed there). Parent directories are created 0700.
 */
export async function writeNewFile(path: string, contents: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new KeyError("file-exists", `refusing to overwrite ${path}`, { cause: error });
    }
    throw error;
  }
  try {
    // umask can only clear bits, but set the mode explicitly so the intent is not umask-dependent.
    if (isPosix) await handle.chmod(mode);
    await handle.writeFile(contents, { encoding: "utf8" });
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` atomically (write a fresh temp file, fsync, rename): readers never see half a file. */
export async function replaceFileAtomically(path: string, contents: string, mode: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeNewFile(temp, contents, mode);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** fsync a directory so a just-renamed entry survives a crash (POSIX only). */
async function syncDirectory(dir: string): Promise<void> {
  if (!isPosix) return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
