import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Plaintext decrypted before a download's status is decided: a document up to this size is read,
 * authenticated and checked against its SHA-256 whole before the first byte leaves (a refusal is a
 * 409 with its code); a larger one is checked as it streams and its answer is aborted on a failure.
 */
export const PRIME_BYTES = 1024 * 1024;

export interface Expected {
  sha256: string;
  size: number;
}

/**
 * Checks the plaintext against the SHA-256 and size recorded at deposit while it streams, and
 * holds back its last chunk until the check passed: whoever reads it never receives the whole
 * document unless it is the deposited one. The frames themselves are already authenticated by the
 * decryption (a frame's plaintext is released only after its GCM tag verified; a missing final
 * frame fails the stream); this is the end-to-end check of what the deposit measured.
 * `primed` is called once, when `PRIME_BYTES` went through or when the whole document is verified.
 */
export function verifyingStream(expected: Expected, integrityError: () => Error, primed: () => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  let pushed = 0;
  let held: Buffer | undefined;
  let signalled = false;
  const signal = () => {
    if (signalled) return;
    signalled = true;
    primed();
  };
  return new Transform({
    transform(chunk: Buffer, _e, cb: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      if (size > expected.size) {
        cb(integrityError());
        return;
      }
      const previous = held;
      held = chunk;
      if (previous) {
        pushed += previous.length;
        this.push(previous);
        if (pushed >= PRIME_BYTES) signal();
      }
      cb();
    },
    flush(cb: TransformCallback) {
      if (size !== expected.size || hash.digest('hex') !== expected.sha256) {
        cb(integrityError());
        return;
      }
      if (held) this.push(held);
      signal();
      cb();
    },
  });
}
