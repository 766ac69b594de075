import { createHash, randomBytes } from 'node:crypto';

/** A deterministic source of random numbers and ids. */
export interface Random {
  /** Returns a number in [0, 1). */
  next(): number;
  /** Returns a UUID (version 4 layout) built from this source's numbers. */
  uuid(): string;
}

/** Picks a seed from the operating system when the caller gave none. */
export function randomSeed(): string {
  return randomBytes(8).toString('hex');
}

/**
 * Creates a seeded generator for one named stream. Separate streams for ids and faults keep the
 * ids of a run the same whether or not a test adds probabilistic faults.
 */
export function createRandom(seed: string | number, stream: string): Random {
  // SHA-256 spreads any seed text over the 128 bits of generator state.
  const digest = createHash('sha256').update(`${seed}\u0000${stream}`).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);

  // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): small, fast, and good enough
  // for test data; it is not a cryptographic generator.
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };

  const uuid = (): string => {
    const bytes = Buffer.alloc(16);
    for (let offset = 0; offset < 16; offset += 4) {
      bytes.writeUInt32LE(nextUint32(), offset);
    }

    // Set the version (4) and variant (RFC 4122) bits so the id looks like any other UUID.
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;

    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  return {
    next: () => nextUint32() / 2 ** 32,
    uuid,
  };
}
