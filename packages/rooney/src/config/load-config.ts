import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RooneyError } from '@rooney/core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema } from './schema.ts';
import type { RooneyConfig } from './schema.ts';

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in every string of a parsed YAML tree with the
 * environment's value. A missing variable without a default is an error naming the key path.
 */
export function expandEnvironment(value: unknown, env: NodeJS.ProcessEnv, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_match, name: string, fallback?: string) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      throw new RooneyError('missing_env', `${path || '(root)'}: environment variable ${name} is not set`, { field: path });
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => expandEnvironment(item, env, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = expandEnvironment(item, env, path === '' ? key : `${path}.${key}`);
    }
    return out;
  }
  return value;
}

/** Formats a zod issue path as `strategies[0].params.size`. */
function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

/** Validates a parsed config tree; errors name the file and the key path. */
export function validateConfig(tree: unknown, file = '<config>'): RooneyConfig {
  const result = configSchema.safeParse(tree ?? {});
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    const path = issuePath(issue.path);
    const detail = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
    throw new RooneyError('bad_config', `${path}: ${detail}`, { file, field: path });
  }
  return result.data;
}

/** Reads, expands and validates a YAML config file. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): RooneyConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new RooneyError('missing_file', 'cannot read config file', { file });
  }
  let tree: unknown;
  try {
    tree = parseYaml(text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new RooneyError('bad_config', `invalid YAML: ${(error as Error).message.split('\n')[0]}`, {
      file,
      ...(line !== undefined ? { line } : {}),
    });
  }
  return validateConfig(expandEnvironment(tree, env), file);
}

/** A short, stable hash of a config (keys sorted), recorded with every run. */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted, so equal configs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
