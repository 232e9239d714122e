import { describe, expect, it } from 'vitest';
import { Secret } from '../secret.ts';
import { checkApiKey, cramResponse } from './cram.ts';

describe('cramResponse (vectors of spec §2.4)', () => {
  it.each([
    ['abcd1234', 'db-unittestapikey1234567890FFFFF', 'be87ce3d564b64481d4ad1902e2b41b26e3eef62b9de37d87eb4a1d4a5199b6f-FFFFF'],
    ['t7kNhwj4xqR0QYjzFKtBEG2ec2pXJ4FK', 'db-FAKEKEY00000000000000000ABCDE', 'e05e860ceb96900930cb51818531fbff60212e3b9f77120bd48f09dd1f8b0a29-ABCDE'],
    ['0123456789abcdef0123456789abcdef', 'db-FAKEKEY00000000000000000ABCDE', '54f18e8cdab3a6f1298c76b6c4d306cbe73d883a9947068877fba3be1512106d-ABCDE'],
  ])('challenge %s', (challenge, key, expected) => {
    expect(cramResponse(challenge, new Secret('KEY', key))).toBe(expected);
  });

  it('rejects a key that is not 32 characters without quoting it', () => {
    const key = new Secret('DATABENTO_API_KEY', 'db-short-key-value');
    expect(() => checkApiKey(key)).toThrow(/DATABENTO_API_KEY: a Databento API key has 32 characters, this one has 18/);
    try {
      checkApiKey(key);
    } catch (error) {
      expect((error as Error).message).not.toContain('db-short-key-value');
    }
  });
});
