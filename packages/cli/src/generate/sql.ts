// Bulk inserts without COPY: one INSERT … SELECT FROM unnest($1::type[], …) per table and batch,
// so a batch of a thousand rows is one statement with one parameter per column. Columns whose
// values are themselves arrays or JSON travel as text and are cast in the select list (unnest
// would flatten a two-dimensional array).
import type pg from 'pg';

export interface Column {
  name: string;
  /** The array element type the parameter is sent as. */
  type: 'text' | 'uuid' | 'int' | 'bigint' | 'smallint' | 'bool' | 'date' | 'timestamptz';
  /** Cast applied to the unnested text value: `jsonb`, `uuid[]`, `text[]`. */
  cast?: string;
  /**
   * Sent as one JSON array instead of a PostgreSQL array: `json` values are JSON texts spliced in
   * as they are (no escaping at all), `text` values are escaped by V8's native JSON.stringify.
   * pg's array-literal escaping of large strings was the generator's costliest function.
   */
  via?: 'json' | 'text';
}

export class TableBatch {
  readonly values: unknown[][];
  private readonly sql: string;

  constructor(
    readonly table: string,
    readonly columns: readonly Column[],
  ) {
    this.values = columns.map(() => []);
    const fns = columns
      .map((c, i) =>
        c.via === 'json'
          ? `json_array_elements($${i + 1}::json)`
          : c.via === 'text'
            ? `json_array_elements_text($${i + 1}::json)`
            : `unnest($${i + 1}::${c.type}[])`,
      )
      .join(', ');
    const names = columns.map((c) => c.name).join(', ');
    const select = columns.map((c, i) => (c.cast ? `c${i}::${c.cast}` : `c${i}`)).join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    this.sql = `INSERT INTO ${table} (${names}) SELECT ${select} FROM ROWS FROM (${fns}) AS t(${aliases})`;
  }

  push(...row: unknown[]): void {
    if (row.length !== this.columns.length) {
      throw new Error(`${this.table}: ${row.length} values for ${this.columns.length} columns`);
    }
    for (let i = 0; i < row.length; i++) this.values[i]!.push(row[i]);
  }

  get length(): number {
    return this.values[0]?.length ?? 0;
  }

  async insert(client: pg.ClientBase): Promise<void> {
    if (this.length === 0) return;
    const params = this.columns.map((c, i) => {
      const v = this.values[i]!;
      if (c.via === 'json') return `[${(v as string[]).join(',')}]`;
      if (c.via === 'text') return JSON.stringify(v);
      return v;
    });
    await client.query(this.sql, params);
  }
}

/** A PostgreSQL array literal of strings, for columns sent as text and cast to an array type. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
