import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv, readTable, writeTable } from './table-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-table-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readTable (CSV)', () => {
  it('reads numbers, missing values, booleans, quoted fields and CRLF', () => {
    const path = file('a.csv', '\ufeffid,x,flag,note\r\n1,2.5,true,"a, b"\r\n2,,FALSE,"say ""hi"""\r\n3,-1e3,1,plain\r\n');
    const table = readTable(path);
    expect(table.columnNames).toEqual(['id', 'x', 'flag', 'note']);
    expect(table.rowCount).toBe(3);
    expect(Array.from(table.numeric('x'))).toEqual([2.5, Number.NaN, -1000]);
    expect(Array.from(table.numeric('flag'))).toEqual([1, 0, 1]);
    expect(table.text('note')).toEqual(['a, b', 'say "hi"', 'plain']);
    expect(table.isNumeric('x')).toBe(true);
    expect(table.isNumeric('note')).toBe(false);
  });

  it('names file, line and column for a bad cell, counting lines inside quoted fields', () => {
    const path = file('b.csv', 'x,y,note\n1,2,"two\nlines"\n3,abc,ok\n');
    const table = readTable(path);
    expect(table.lineOf(1)).toBe(4);
    expect(() => table.numeric('y')).toThrow(`${path}, line 4, field "y": not a number: "abc"`);
  });

  it('reads timestamps as epoch ms or ISO-8601', () => {
    const table = readTable(file('c.csv', 'ts\n1577836800000\n2020-01-02T00:00:00Z\n2020-01-03\n'));
    expect(Array.from(table.timestamps('ts'))).toEqual([Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)]);
    expect(() => readTable(file('d.csv', 'ts\nyesterday\n')).timestamps('ts')).toThrow('line 2, field "ts": not a timestamp');
  });

  it('rejects ragged rows, duplicate headers, unknown columns and missing files', () => {
    expect(() => readTable(file('e.csv', 'a,b\n1,2\n3\n'))).toThrow('line 3: expected 2 fields, found 1');
    expect(() => readTable(file('f.csv', 'a,a\n1,2\n'))).toThrow('line 1: the header names column "a" twice');
    expect(() => readTable(file('g.csv', 'a,b\n1,2\n')).numeric('c')).toThrow('no column "c"; the columns are "a", "b"');
    expect(() => readTable(join(dir, 'nope.csv'))).toThrow('cannot read the file: ENOENT');
  });
});

describe('readTable (Arrow) and writeTable', () => {
  it('reads Arrow columns of several types, nulls as NaN', () => {
    const path = join(dir, 'h.arrow');
    writeFileSync(
      path,
      tableToIPC(
        tableFromArrays({ f: Float64Array.from([1.5, 2]), i: Int32Array.from([3, 4]), s: ['5', null], t: [new Date(1000), new Date(2000)] }),
        'file',
      ),
    );
    const table = readTable(path);
    expect(table.rowCount).toBe(2);
    expect(Array.from(table.numeric('f'))).toEqual([1.5, 2]);
    expect(Array.from(table.numeric('i'))).toEqual([3, 4]);
    expect(Array.from(table.numeric('s'))).toEqual([5, Number.NaN]);
    expect(Array.from(table.timestamps('t'))).toEqual([1000, 2000]);
    expect(table.lineOf(0)).toBeUndefined();
  });

  it('writes CSV and Arrow that read back to the same values', () => {
    const columns = [
      { name: 'id', values: ['a', 'b,c', 'd'] },
      { name: 'p', values: Float64Array.from([0.25, Number.NaN, 1 / 3]) },
    ];
    expect(formatCsv(columns)).toBe(`id,p\na,0.25\n"b,c",\nd,${1 / 3}\n`);
    for (const name of ['out.csv', 'out.arrow']) {
      const path = join(dir, name);
      writeTable(path, columns);
      const back = readTable(path);
      expect(back.text('id')).toEqual(['a', 'b,c', 'd']);
      expect(Array.from(back.numeric('p'))).toEqual([0.25, Number.NaN, 1 / 3]);
    }
  });
});
