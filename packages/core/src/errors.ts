/** Where a problem was found: a file, a 1-based line or row, and a field name. */
export interface ErrorPlace {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}

/**
 * The one error type of Rooney: a stable machine-readable `code`, a human message and the place
 * (file, line, field) when the problem comes from input. The CLI prints `message` without a stack.
 */
export class RooneyError extends Error {
  readonly code: string;
  readonly place: ErrorPlace;

  constructor(code: string, message: string, place: ErrorPlace = {}) {
    super(formatMessage(message, place));
    this.name = 'RooneyError';
    this.code = code;
    this.place = place;
  }
}

function formatMessage(message: string, place: ErrorPlace): string {
  const where: string[] = [];
  if (place.file !== undefined) where.push(place.file);
  if (place.line !== undefined) where.push(`line ${place.line}`);
  if (place.field !== undefined) where.push(`field "${place.field}"`);
  return where.length > 0 ? `${where.join(', ')}: ${message}` : message;
}

/** Throws a RooneyError with code `invalid_parameter` unless `condition` holds. */
export function requireParameter(condition: boolean, name: string, rule: string, value: unknown): void {
  if (!condition) {
    throw new RooneyError('invalid_parameter', `"${name}" must be ${rule}, was ${String(value)}`);
  }
}
