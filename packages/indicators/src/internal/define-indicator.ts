import { RooneyError } from '@rooney/core';
import type { Indicator } from '../indicator.ts';
import type { IndicatorDefinition, ParameterSpec, ParameterValue } from '../registry-types.ts';

/**
 * Typed access to a parameter record, falling back to each spec's default. A value of the wrong
 * type throws `RooneyError('invalid_parameter')`: `"period" must be a number, was "5"`. Ranges are
 * checked by the indicator's constructor.
 */
export interface ParameterReader {
  number(name: string): number;
  string(name: string): string;
  boolean(name: string): boolean;
}

function readerOf(
  specs: readonly ParameterSpec[],
  given: Readonly<Record<string, ParameterValue>>,
): ParameterReader {
  const value = (name: string, type: 'number' | 'string' | 'boolean'): ParameterValue => {
    const spec = specs.find((candidate) => candidate.name === name);
    const v = given[name] ?? spec?.default;
    if (typeof v !== type) {
      throw new RooneyError('invalid_parameter', `"${name}" must be a ${type}, was ${JSON.stringify(v)}`);
    }
    return v as ParameterValue;
  };
  return {
    number: (name) => value(name, 'number') as number,
    string: (name) => value(name, 'string') as string,
    boolean: (name) => value(name, 'boolean') as boolean,
  };
}

/** A registry entry: `description` as listed, `build` turning the read parameters into an indicator. */
export function defineIndicator(
  description: Omit<IndicatorDefinition, 'create'>,
  build: (get: ParameterReader) => Indicator,
): IndicatorDefinition {
  return {
    ...description,
    create(parameters) {
      return build(readerOf(description.parameters, parameters));
    },
  };
}

/** An integer parameter `>= min`. */
export function integerParameter(name: string, defaultValue: number, description: string, min = 1): ParameterSpec {
  return { name, default: defaultValue, min, integer: true, description };
}

/** The usual `period` parameter: an integer `>= 1`. */
export function periodParameter(defaultValue: number, description = 'number of bars in the window'): ParameterSpec {
  return integerParameter('period', defaultValue, description);
}
