import { RooneyError } from '@rooney/core';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A secret value (API key, webhook URL with its password) that cannot leak by accident: its
 * `toString`, `toJSON` and `util.inspect` forms are `[secret NAME]`. Only `reveal()` gives the
 * value, and only code that sends it on the wire should call it.
 */
export class Secret {
  /** Where the value came from, e.g. the environment variable name; safe to log. */
  readonly name: string;
  readonly #value: string;

  constructor(name: string, value: string) {
    this.name = name;
    this.#value = value;
  }

  /** The environment variable `name` as a secret; throws `missing_env` (naming the variable, never a value) when unset or empty. */
  static fromEnv(env: Readonly<Record<string, string | undefined>>, name: string): Secret {
    const value = env[name];
    if (value === undefined || value === '') {
      throw new RooneyError('missing_env', `environment variable ${name} is not set`, { field: name });
    }
    return new Secret(name, value);
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return `[secret ${this.name}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [INSPECT](): string {
    return this.toString();
  }
}

/**
 * Replaces every occurrence of each secret's value in `text` (and, for URL secrets, of their path
 * segments of 8 or more characters, such as a webhook password) with `[secret NAME]`.
 */
export function redactSecrets(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const secret of secrets) {
    const value = secret.reveal();
    if (value.length === 0) continue;
    const mask = secret.toString();
    out = out.split(value).join(mask);
    for (const part of secretParts(value)) out = out.split(part).join(mask);
  }
  return out;
}

/** Path segments and query values of a URL secret that are long enough to be credentials. */
function secretParts(value: string): string[] {
  if (!/^https?:\/\//i.test(value)) return [];
  try {
    const url = new URL(value);
    const parts = url.pathname.split('/').filter((p) => p.length >= 8);
    for (const v of url.searchParams.values()) if (v.length >= 8) parts.push(v);
    return parts;
  } catch {
    return [];
  }
}
