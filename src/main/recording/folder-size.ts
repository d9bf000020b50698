import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of the files directly in a recording folder (0 for what cannot be read). */
export async function folderSize(folder: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  const sizes = await Promise.all(
    names.map((n) =>
      stat(join(folder, n)).then(
        (s) => (s.isFile() ? s.size : 0),
        () => 0,
      ),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}
