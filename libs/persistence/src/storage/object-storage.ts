import type { Readable } from 'node:stream';

/** Where a service's files live. Keys are random ids (`[A-Za-z0-9_-]`); the safe stores ciphertext only. */
export interface ObjectStorage {
  /** Writes the whole stream under `key` (replaces nothing: keys are fresh). */
  put(key: string, body: Readable): Promise<void>;
  /** The object's bytes, streamed; a missing object is an error. */
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** Keys present (tests). */
  list(): Promise<string[]>;
  /** Keys present with their last write, incomplete writes left by a crash included (orphan sweep). */
  entries(): Promise<StoredEntry[]>;
  /** Releases connections at shutdown. */
  close?(): void;
}

export interface StoredEntry {
  key: string;
  modified: Date;
}

export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');
