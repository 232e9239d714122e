import { createHash } from 'node:crypto';
import { RooneyError } from '@rooney/core';
import type { Secret } from '../secret.ts';

/** Length of a Databento API key (spec §2.4). */
export const API_KEY_LENGTH = 32;
/** Length of the bucket id (the key's last characters). */
export const BUCKET_ID_LENGTH = 5;

/** Checks the key's shape before any connection; the message never contains the key. */
export function checkApiKey(apiKey: Secret): void {
  const length = apiKey.reveal().length;
  if (length !== API_KEY_LENGTH) {
    throw new RooneyError('invalid_api_key', `${apiKey.name}: a Databento API key has ${API_KEY_LENGTH} characters, this one has ${length}`, { field: apiKey.name });
  }
}

/**
 * The CRAM answer to a gateway challenge (spec §2.4):
 * `lowercase hex(SHA-256(challenge + "|" + key)) + "-" + last 5 characters of the key`.
 * The key itself never goes on the wire.
 */
export function cramResponse(challenge: string, apiKey: Secret): string {
  const key = apiKey.reveal();
  const hash = createHash('sha256').update(`${challenge}|${key}`, 'ascii').digest('hex');
  return `${hash}-${key.slice(-BUCKET_ID_LENGTH)}`;
}
