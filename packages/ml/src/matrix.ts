import { RooneyError } from '@rooney/core';

/**
 * A dense row-major matrix of `rows` × `columns` numbers: the value of row `r`, column `c` is
 * `values[r * columns + c]`. Rows are samples (trades), columns are features.
 */
export interface Matrix {
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

/** Wraps a row-major `Float64Array` as a matrix, checking that its length is `rows * columns`. */
export function matrix(values: Float64Array, rows: number, columns: number): Matrix {
  if (!Number.isInteger(rows) || rows < 0) {
    throw new RooneyError('invalid_parameter', `"rows" must be an integer >= 0, was ${rows}`);
  }
  if (!Number.isInteger(columns) || columns < 1) {
    throw new RooneyError('invalid_parameter', `"columns" must be an integer >= 1, was ${columns}`);
  }
  if (values.length !== rows * columns) {
    throw new RooneyError(
      'invalid_parameter',
      `a ${rows} x ${columns} matrix needs ${rows * columns} values, was ${values.length}`,
    );
  }
  return { values, rows, columns };
}

/** Builds a matrix from an array of rows (all of the same length). */
export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  if (rows.length === 0) {
    throw new RooneyError('invalid_parameter', 'matrixFromRows needs at least one row to know the column count');
  }
  const columns = rows[0].length;
  const values = new Float64Array(rows.length * columns);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== columns) {
      throw new RooneyError('invalid_parameter', `row ${r} has ${row.length} values, expected ${columns}`);
    }
    for (let c = 0; c < columns; c++) values[r * columns + c] = row[c];
  }
  return matrix(values, rows.length, columns);
}

/** Builds a row-major matrix from columns (one array per feature, all of the same length). */
export function matrixFromColumns(columns: readonly ArrayLike<number>[]): Matrix {
  if (columns.length === 0) {
    throw new RooneyError('invalid_parameter', 'matrixFromColumns needs at least one column');
  }
  const rows = columns[0].length;
  const width = columns.length;
  const values = new Float64Array(rows * width);
  for (let c = 0; c < width; c++) {
    const column = columns[c];
    if (column.length !== rows) {
      throw new RooneyError('invalid_parameter', `column ${c} has ${column.length} values, expected ${rows}`);
    }
    for (let r = 0; r < rows; r++) values[r * width + c] = column[r];
  }
  return matrix(values, rows, width);
}

/** The rows `indices` of `source`, in that order, as a new matrix. */
export function selectRows(source: Matrix, indices: ArrayLike<number>): Matrix {
  const { columns } = source;
  const values = new Float64Array(indices.length * columns);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * columns;
    values.set(source.values.subarray(from, from + columns), i * columns);
  }
  return matrix(values, indices.length, columns);
}

/** Column `column` of `source` as a new array. */
export function matrixColumn(source: Matrix, column: number): Float64Array {
  const out = new Float64Array(source.rows);
  for (let r = 0; r < source.rows; r++) out[r] = source.values[r * source.columns + column];
  return out;
}

/** `values[indices[i]]` for each i, as a new array of the same kind. */
export function selectValues<T extends Float64Array | Uint8Array | Int32Array>(values: T, indices: ArrayLike<number>): T {
  const out = new (values.constructor as new (length: number) => T)(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
  return out;
}
