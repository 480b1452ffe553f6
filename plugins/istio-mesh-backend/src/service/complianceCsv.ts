import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { stringify } from 'csv-stringify';
import {
  ComplianceRow,
  CRITERION_IDS,
} from '@istio-mesh/plugin-istio-mesh-common';

/** The export's columns, in order: the header row. */
export const COMPLIANCE_CSV_COLUMNS = [
  'entityRef',
  'title',
  'owner',
  'system',
  'level',
  ...CRITERION_IDS,
  'updatedAt',
] as const;

/** Each row's cells; a criterion without a verdict is `unknown`, as counted. */
function* cellsOf(rows: Iterable<ComplianceRow>): Iterable<string[]> {
  for (const row of rows) {
    yield [
      row.entityRef,
      row.title ?? '',
      row.owner ?? '',
      row.system ?? '',
      row.level,
      ...CRITERION_IDS.map(id => row.criteria[id] ?? 'unknown'),
      row.updatedAt,
    ];
  }
}

/**
 * Writes the rows as CSV with a header row to `destination`, row by row.
 * Titles and refs come from catalog entities anyone may register, so cells
 * a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * tab or CR) are prefixed with `'`; cells with commas, quotes or line breaks
 * are quoted (RFC 4180).
 */
export async function writeComplianceCsv(
  rows: Iterable<ComplianceRow>,
  destination: Writable,
): Promise<void> {
  await pipeline(
    Readable.from(cellsOf(rows)),
    stringify({
      header: true,
      columns: [...COMPLIANCE_CSV_COLUMNS],
      escape_formulas: true,
    }),
    destination,
  );
}
