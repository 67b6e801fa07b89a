/**
 * A seeded generator (mulberry32), so a mock's ids, secrets and random faults are the same on every
 * run with the same seed: a failing test replays exactly.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function pick(random: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** An RFC 4122 version 4 UUID drawn from `random`. */
export function randomUuid(random: () => number): string {
  const hex = pick(random, HEX, 32).split('');
  hex[12] = '4';
  hex[16] = HEX[8 + Math.floor(random() * 4)] ?? '8';
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A secret shaped like a Qovery API token. */
export function randomApiToken(random: () => number): string {
  return `qov_${pick(random, ALPHANUMERIC, 40)}`;
}

/** A 40-character hexadecimal id, shaped like a git commit SHA. */
export function randomCommitId(random: () => number): string {
  return pick(random, HEX, 40);
}

/**
 * A UUID that follows from `name` alone (FNV-1a, then the generator above), drawing nothing from
 * the mock's generator: ids of things seeded after the rest (variables, ports) leave every other id
 * as it was.
 */
export function derivedUuid(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return randomUuid(seededRandom(hash));
}
