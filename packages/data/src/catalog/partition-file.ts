import { createHash } from 'node:crypto';
import { Field, Float64, RecordBatch, Schema, Struct, Table, makeData, tableFromIPC, tableToIPC } from 'apache-arrow';
import { RooneyError } from '@rooney/core';
import type { BarSeries } from '../bar-series.ts';
import { ARROW_BAR_COLUMNS, ARROW_BAR_MS_KEY, ARROW_SYMBOL_KEY } from '../io/arrow-bars.ts';
import type { CatalogPartition } from './catalog-manifest.ts';

/** Schema-metadata key of a partition file holding its own description (JSON). */
export const PARTITION_METADATA_KEY = 'rooney.catalog.partition';

/** What a partition file says about itself: its manifest entry without the file's own size and hash. */
export type PartitionDescription = Omit<CatalogPartition, 'bytes' | 'sha256'>;

/**
 * The Arrow IPC file of a partition: the bar columns of a Rooney Arrow file (`ts` … `volume`,
 * Float64, `symbol` and `barMs` metadata, so `readArrowBars` and any Arrow reader can open it),
 * plus its own description under {@link PARTITION_METADATA_KEY}. The file is self-describing, so a
 * crash between writing it and updating the manifest loses nothing: the next writer adopts it.
 * Deterministic: the same bars and description give the same bytes.
 */
export function encodePartition(series: BarSeries, description: PartitionDescription): Uint8Array {
  const length = series.length;
  const fields = ARROW_BAR_COLUMNS.map((name) => new Field(name, new Float64(), false));
  const metadata = new Map([
    [ARROW_SYMBOL_KEY, series.symbol],
    [ARROW_BAR_MS_KEY, String(series.barMs)],
    [PARTITION_METADATA_KEY, JSON.stringify(description)],
  ]);
  const schema = new Schema(fields, metadata);
  const children = ARROW_BAR_COLUMNS.map((name) => makeData({ type: new Float64(), length, nullCount: 0, data: series[name] }));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  return tableToIPC(new Table(schema, [batch]), 'file');
}

/** The description a partition file carries; `bad_catalog` when it has none or it does not parse. */
export function readPartitionDescription(bytes: Uint8Array, file: string): PartitionDescription {
  let text: string | undefined;
  try {
    text = tableFromIPC(bytes).schema.metadata.get(PARTITION_METADATA_KEY);
  } catch (error) {
    throw new RooneyError('bad_catalog', `not a readable Arrow IPC file: ${(error as Error).message}`, { file });
  }
  if (text === undefined) throw new RooneyError('bad_catalog', `no "${PARTITION_METADATA_KEY}" metadata: not a catalog partition`, { file });
  try {
    return JSON.parse(text) as PartitionDescription;
  } catch {
    throw new RooneyError('bad_catalog', `unreadable "${PARTITION_METADATA_KEY}" metadata`, { file });
  }
}

/** SHA-256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
