import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectStorage, StoredEntry } from './object-storage';

const SAFE_KEY = /^[A-Za-z0-9_-]{1,100}$/;
/** A write a crash interrupted (`<key>.partial`): listed by `entries` so that the orphan sweep removes it. */
const PARTIAL = /^[A-Za-z0-9_-]{1,100}\.partial$/;

/** Local directory (default for `npm start`): written to a temporary name, renamed when complete. */
export class FsStorage implements ObjectStorage {
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private path(key: string): string {
    if (!SAFE_KEY.test(key) && !PARTIAL.test(key)) throw new Error('invalid object key');
    return join(this.dir, key);
  }

  async put(key: string, body: Readable): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.path(key);
    const partial = `${target}.partial`;
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const stream = createReadStream(this.path(key));
    await new Promise<void>((ok, fail) => {
      stream.once('open', () => ok());
      stream.once('error', fail);
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async entries(): Promise<StoredEntry[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((f) => SAFE_KEY.test(f) || PARTIAL.test(f));
    } catch {
      return [];
    }
    const out: StoredEntry[] = [];
    for (const key of names) {
      const s = await stat(join(this.dir, key)).catch(() => undefined);
      if (s) out.push({ key, modified: s.mtime });
    }
    return out;
  }

  async list(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((f) => SAFE_KEY.test(f));
    } catch {
      return [];
    }
  }
}
