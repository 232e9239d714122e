import { RooneyError } from '@rooney/core';
import type { Indicator } from './indicator.ts';
import { findIndicator } from './registry.ts';
import type { IndicatorDefinition, ParameterValue } from './registry-types.ts';

/** An indicator spec such as `rsi(period=14)` or `bbands(period=20,devfactor=2)`, parsed. */
export interface IndicatorSpec {
  readonly text: string;
  readonly definition: IndicatorDefinition;
  /** Every parameter, defaults filled in. */
  readonly parameters: Readonly<Record<string, ParameterValue>>;
}

/**
 * Parses `name(key=value, ...)` (or a bare `name`) against the registry: unknown names and keys,
 * values of the wrong type and values out of range are errors that quote the spec.
 */
export function parseIndicatorSpec(text: string): IndicatorSpec {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$/.exec(text);
  if (match === null) {
    throw new RooneyError('bad_indicator_spec', `indicator spec must look like "rsi(period=14)", was "${text}"`);
  }
  const definition = findIndicator(match[1]);
  const parameters: Record<string, ParameterValue> = {};
  for (const p of definition.parameters) parameters[p.name] = p.default;
  const body = (match[2] ?? '').trim();
  if (body !== '') {
    for (const part of body.split(',')) {
      const pair = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(part);
      if (pair === null) throw new RooneyError('bad_indicator_spec', `"${text}": expected key=value, got "${part.trim()}"`);
      const spec = definition.parameters.find((p) => p.name === pair[1]);
      if (spec === undefined) {
        throw new RooneyError(
          'bad_indicator_spec',
          `"${text}": ${definition.name} has no parameter "${pair[1]}" (has ${definition.parameters.map((p) => p.name).join(', ') || 'none'})`,
        );
      }
      parameters[spec.name] = coerce(text, spec.name, spec.default, pair[2]);
    }
  }
  for (const p of definition.parameters) {
    const value = parameters[p.name];
    if (typeof value === 'number') {
      if (p.integer === true && !Number.isInteger(value)) throw outOfRange(text, p.name, 'an integer', value);
      if (p.min !== undefined && value < p.min) throw outOfRange(text, p.name, `>= ${p.min}`, value);
      if (p.max !== undefined && value > p.max) throw outOfRange(text, p.name, `<= ${p.max}`, value);
    }
    if (p.choices !== undefined && !p.choices.includes(String(value))) {
      throw outOfRange(text, p.name, `one of ${p.choices.join(', ')}`, value);
    }
  }
  return { text, definition, parameters };
}

/** Builds a fresh indicator from a spec string. */
export function createIndicator(text: string): Indicator {
  const spec = parseIndicatorSpec(text);
  return spec.definition.create(spec.parameters);
}

function coerce(text: string, name: string, fallback: ParameterValue, raw: string): ParameterValue {
  if (typeof fallback === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw outOfRange(text, name, 'a number', raw);
    return n;
  }
  if (typeof fallback === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw outOfRange(text, name, 'true or false', raw);
    return raw === 'true';
  }
  return raw.replace(/^["']|["']$/g, '');
}

function outOfRange(text: string, name: string, rule: string, value: unknown): RooneyError {
  return new RooneyError('bad_indicator_spec', `"${text}": "${name}" must be ${rule}, was ${String(value)}`);
}
