/**
 * Typed query parameters, encoded the way the BigQuery REST API defines them: every scalar value
 * is a JSON string, NULL is a value-less parameterValue. Encoding them here (rather than letting
 * the client guess types from JS values) keeps NULLs typed and works on the emulator, which
 * rejects numbers and booleans sent as JSON numbers (see test/emulator/emulator-capabilities.test.ts).
 */
export type ScalarType = 'STRING' | 'INT64' | 'FLOAT64' | 'BOOL' | 'TIMESTAMP';

export interface QueryParam {
  readonly type: ScalarType | { readonly arrayOf: ScalarType };
  readonly value: unknown;
}

export type QueryParams = Readonly<Record<string, QueryParam>>;

export const param = {
  string: (value: string | null | undefined): QueryParam => ({ type: 'STRING', value }),
  int64: (value: number | bigint | null | undefined): QueryParam => ({ type: 'INT64', value }),
  float64: (value: number | null | undefined): QueryParam => ({ type: 'FLOAT64', value }),
  bool: (value: boolean | null | undefined): QueryParam => ({ type: 'BOOL', value }),
  timestamp: (value: Date | string | null | undefined): QueryParam => ({ type: 'TIMESTAMP', value }),
  stringArray: (value: readonly string[]): QueryParam => ({ type: { arrayOf: 'STRING' }, value }),
  /** JSON travels as a STRING and is parsed in SQL with PARSE_JSON: the emulator double-encodes JSON-typed parameters. */
  json: (value: unknown): QueryParam => ({ type: 'STRING', value: value === undefined || value === null ? null : JSON.stringify(value) }),
};

function encodeScalar(type: ScalarType, value: unknown): string {
  switch (type) {
    case 'STRING':
      if (typeof value !== 'string') throw new TypeError(`STRING parameter needs a string, got ${typeof value}`);
      return value;
    case 'INT64':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw new TypeError(`INT64 parameter needs a safe integer, got ${String(value)}`);
      return String(value);
    case 'FLOAT64':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new TypeError(`FLOAT64 parameter needs a finite number, got ${String(value)}`);
      // String() gives the shortest text that parses back to the same double.
      return String(value);
    case 'BOOL':
      if (typeof value !== 'boolean') throw new TypeError(`BOOL parameter needs a boolean, got ${typeof value}`);
      return value ? 'true' : 'false';
    case 'TIMESTAMP':
      if (value instanceof Date) return value.toISOString();
      if (typeof value === 'string') return value;
      throw new TypeError(`TIMESTAMP parameter needs a Date or an ISO string, got ${typeof value}`);
  }
}

export interface RestQueryParameter {
  name: string;
  parameterType: { type: string; arrayType?: { type: string } };
  parameterValue: { value?: string; arrayValues?: Array<{ value: string }> };
}

/** The `queryParameters` array of a jobs.query / jobs.insert request. */
export function toRestParameters(params: QueryParams): RestQueryParameter[] {
  return Object.entries(params).map(([name, { type, value }]) => {
    if (typeof type === 'object') {
      if (!Array.isArray(value)) throw new TypeError(`parameter @${name} needs an array`);
      return {
        name,
        parameterType: { type: 'ARRAY', arrayType: { type: type.arrayOf } },
        parameterValue: { arrayValues: value.map((item) => ({ value: encodeScalar(type.arrayOf, item) })) },
      };
    }
    const isNull = value === null || value === undefined;
    return { name, parameterType: { type }, parameterValue: isNull ? {} : { value: encodeScalar(type, value) } };
  });
}
