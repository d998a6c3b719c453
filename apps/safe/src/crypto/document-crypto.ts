import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { PinError } from '@pin/contracts';
import type { KeyRing } from './key-ring';

/**
 * Envelope encryption with the AWS Encryption SDK (committing AES-256-GCM, HKDF-SHA512, framed):
 * - each document has its own random data key (DEK); its content, name and description are
 *   encrypted with a raw AES keyring made of that DEK, the key name being the document id;
 * - the DEK is itself encrypted ("wrapped") by the current key-encryption key (KEK) of
 *   configuration, and only the wrapped DEK and the KEK version are stored in the database.
 * Both layers bind the encryption context {owner, document}. Rotation re-wraps DEKs, never
 * touches content; deleting the wrapped DEK makes the content unreadable (crypto-shredding).
 */
// The encrypt and decrypt halves of `@aws-crypto/client-node` and the raw AES keyring only: the
// client's KMS and branch-keystore keyrings (with their AWS SDK KMS and DynamoDB clients) are never loaded.
const client = { ...buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT), ...buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT) };
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const WRAPPING = RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING;
const FRAME = 64 * 1024;

export interface DocumentContext {
  owner: string;
  document: string;
}

const context = (c: DocumentContext, purpose: string) => ({ owner: c.owner, document: c.document, purpose });

/** The SDK takes a key only in a buffer of its own (not a slice of Node's shared pool). */
const isolated = (key: Uint8Array): Uint8Array => new Uint8Array(key);
const documentKeyring = (dek: Buffer, c: DocumentContext) =>
  new RawAesKeyringNode({ keyNamespace: 'pin-safe-document', keyName: c.document, unencryptedMasterKey: isolated(dek), wrappingSuite: WRAPPING });
const kekKeyring = (kek: Buffer, version: string) =>
  new RawAesKeyringNode({ keyNamespace: 'pin-safe-kek', keyName: version, unencryptedMasterKey: isolated(kek), wrappingSuite: WRAPPING });

export const integrityError = () =>
  new PinError('DOCUMENT.INTEGRITY_FAILED', 'Ce document a été altéré ou ne correspond pas à son enregistrement : il ne peut pas être ouvert.');

function sameContext(actual: Record<string, string>, expected: Record<string, string>): boolean {
  const keys = Object.keys(expected);
  return Object.keys(actual).length === keys.length && keys.every((k) => actual[k] === expected[k]);
}

export class DocumentCrypto {
  constructor(private readonly keys: KeyRing) {}

  newDataKey(): Buffer {
    return randomBytes(32);
  }

  get currentVersion(): string {
    return this.keys.current;
  }

  async wrap(dek: Buffer, c: DocumentContext, version = this.keys.current): Promise<{ version: string; wrapped: Buffer }> {
    const { result } = await client.encrypt(kekKeyring(this.keys.get(version), version), dek, { encryptionContext: context(c, 'dek'), suiteId: SUITE });
    return { version, wrapped: result };
  }

  async unwrap(version: string, wrapped: Buffer, c: DocumentContext): Promise<Buffer> {
    const kek = this.keys.get(version);
    try {
      const { plaintext, messageHeader } = await client.decrypt(kekKeyring(kek, version), wrapped);
      if (!sameContext(messageHeader.encryptionContext, context(c, 'dek')) || plaintext.length !== 32) throw integrityError();
      return plaintext;
    } catch (err) {
      if (err instanceof PinError) throw err;
      throw integrityError();
    }
  }

  async seal(dek: Buffer, c: DocumentContext, value: unknown): Promise<Buffer> {
    const { result } = await client.encrypt(documentKeyring(dek, c), Buffer.from(JSON.stringify(value), 'utf8'), { encryptionContext: context(c, 'meta'), suiteId: SUITE });
    return result;
  }

  async open<T>(dek: Buffer, c: DocumentContext, sealed: Buffer): Promise<T> {
    try {
      const { plaintext, messageHeader } = await client.decrypt(documentKeyring(dek, c), sealed);
      if (!sameContext(messageHeader.encryptionContext, context(c, 'meta'))) throw integrityError();
      return JSON.parse(plaintext.toString('utf8')) as T;
    } catch (err) {
      if (err instanceof PinError) throw err;
      throw integrityError();
    }
  }

  encryptStream(dek: Buffer, c: DocumentContext): Duplex {
    return client.encryptStream(documentKeyring(dek, c), { encryptionContext: context(c, 'content'), suiteId: SUITE, frameLength: FRAME }) as unknown as Duplex;
  }

  /** Unsigned committed suite: each 64 KiB frame is authenticated; a wrong key, document or context fails on the header. */
  decryptStream(dek: Buffer, c: DocumentContext): Duplex {
    const stream = client.decryptUnsignedMessageStream(documentKeyring(dek, c)) as unknown as Duplex;
    stream.on('MessageHeader', (h: { encryptionContext: Record<string, string> }) => {
      if (!sameContext(h.encryptionContext, context(c, 'content'))) stream.destroy(integrityError());
    });
    return stream;
  }
}
