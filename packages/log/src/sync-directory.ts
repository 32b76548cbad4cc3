import { open } from "node:fs/promises";

/**
 * fsync a directory so a just-created or just-renamed entry survives a crash (POSIX does not
 * promise that without it). Platforms that cannot open a directory for sync skip it.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL") throw error;
  } finally {
    await handle?.close();
  }
}
