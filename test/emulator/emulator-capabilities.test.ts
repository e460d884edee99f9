// What agentver relies on from goccy/bigquery-emulator (the version pinned in bigquery-emulator/go.mod),
// and where it departs from BigQuery. Each departure is asserted by name, so a new emulator version
// that fixes one fails here and tells us which workaround can go.
import { type Connection, param, runQuery } from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgetEmulatorJobs } from '../../src/bigquery/forget-emulator-jobs.js';
import { createTestConnection } from './test-connection.js';

let conn: Connection;

/** A jobs.query request written by hand, to send what the client libraries would. */
async function rawQuery(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    conn.bigquery.request(
      {
        method: 'POST',
        uri: '/queries',
        json: { useLegacySql: false, defaultDataset: { projectId: conn.projectId, datasetId: conn.datasetId }, ...body },
      },
      (error: Error | null, response: unknown) => (error ? reject(error) : resolve(response as Record<string, unknown>)),
    );
  });
}

async function jobCount(): Promise<number> {
  const [jobs] = await conn.bigquery.getJobs({ allUsers: true, maxResults: 100_000 });
  return jobs.length;
}

beforeAll(async () => {
  conn = await createTestConnection('capabilities');
});

describe('query parameters', () => {
  it('binds named scalars of every type agentver uses', async () => {
    const { rows } = await runQuery(conn, 'SELECT @i + 1 AS i, @f * 2 AS f, @b AS b, @s AS s, @t AS t', {
      i: param.int64(41),
      f: param.float64(0.15),
      b: param.bool(true),
      s: param.string("'; DROP TABLE x; --"),
      t: param.timestamp(new Date('2026-01-02T03:04:05.123Z')),
    });
    expect(rows).toEqual([{ i: 42, f: 0.3, b: true, s: "'; DROP TABLE x; --", t: '2026-01-02T03:04:05.123000Z' }]);
  });

  it('binds positional parameters', async () => {
    const response = await rawQuery({
      query: 'SELECT CONCAT(?, "-", ?) AS joined',
      parameterMode: 'POSITIONAL',
      queryParameters: [
        { parameterType: { type: 'STRING' }, parameterValue: { value: 'a' } },
        { parameterType: { type: 'STRING' }, parameterValue: { value: 'b' } },
      ],
    });
    expect((response.rows as Array<{ f: Array<{ v: string }> }>)[0]?.f[0]?.v).toBe('a-b');
  });

  it('keeps typed NULLs typed', async () => {
    const { rows } = await runQuery(conn, 'SELECT @i IS NULL AS i_null, @s IS NULL AS s_null, COALESCE(@f, 1.5) AS f, @s AS s', {
      i: param.int64(null),
      s: param.string(null),
      f: param.float64(null),
    });
    expect(rows).toEqual([{ i_null: true, s_null: true, f: 1.5, s: null }]);
  });

  it('departure: a temp table column made from a NULL STRING parameter is INT64 unless cast (BigQuery keeps STRING)', async () => {
    await runQuery(conn, 'CREATE TABLE null_param_target (s STRING)');
    const insertFromPlan = (plan: string, select: string) =>
      runQuery(
        conn,
        `CREATE TEMP TABLE ${plan} AS SELECT ${select} AS s; INSERT INTO null_param_target (s) SELECT s FROM ${plan} WHERE @s IS NULL`,
        {
          s: param.string(null),
        },
      );
    await expect(insertFromPlan('plan_uncast', '@s')).rejects.toThrow(/type INT64 which cannot be inserted into column s/);
    await insertFromPlan('plan_cast', 'CAST(@s AS STRING)');
    expect((await runQuery(conn, 'SELECT s FROM null_param_target')).rows).toEqual([{ s: null }]);
  });

  it('binds STRING arrays, empty ones too, for IN UNNEST(@ids)', async () => {
    const sql = 'SELECT x FROM UNNEST(["a", "b", "c"]) AS x WHERE x IN UNNEST(@ids) ORDER BY x';
    expect((await runQuery(conn, sql, { ids: param.stringArray(['a', 'c']) })).rows).toEqual([{ x: 'a' }, { x: 'c' }]);
    expect((await runQuery(conn, sql, { ids: param.stringArray([]) })).rows).toEqual([]);
  });

  it('departure: scalar values sent as JSON numbers are refused (BigQuery accepts them)', async () => {
    await expect(
      rawQuery({
        query: 'SELECT @i AS i',
        parameterMode: 'NAMED',
        queryParameters: [{ name: 'i', parameterType: { type: 'INT64' }, parameterValue: { value: 1 } }],
      }),
    ).rejects.toThrow(/cannot unmarshal number/);
  });

  it('departure: elements of an ARRAY<INT64> parameter stay strings', async () => {
    await expect(
      rawQuery({
        query: 'SELECT x FROM UNNEST([1, 2]) AS x WHERE x IN UNNEST(@ids)',
        parameterMode: 'NAMED',
        queryParameters: [
          {
            name: 'ids',
            parameterType: { type: 'ARRAY', arrayType: { type: 'INT64' } },
            parameterValue: { arrayValues: [{ value: '1' }] },
          },
        ],
      }),
    ).rejects.toThrow(/IN UNNEST for argument types: INT64, ARRAY<STRING>/);
  });
});

describe('DDL and column types', () => {
  it('accepts PARTITION BY and CLUSTER BY, and round-trips JSON, ARRAY<STRING> and STRUCT columns', async () => {
    await runQuery(
      conn,
      `CREATE TABLE typed (
         id STRING NOT NULL, tags ARRAY<STRING>, doc JSON,
         budget STRUCT<usd FLOAT64, calls INT64>, servers ARRAY<STRUCT<name STRING, url STRING>>, seen_at TIMESTAMP)
       PARTITION BY DATE(seen_at) CLUSTER BY id`,
    );
    await runQuery(
      conn,
      `INSERT INTO typed (id, tags, doc, budget, servers, seen_at)
       SELECT @id, @tags, PARSE_JSON(@doc), STRUCT(@usd AS usd, @calls AS calls),
              ARRAY(SELECT AS STRUCT name, @urls[OFFSET(i)] AS url FROM UNNEST(@names) AS name WITH OFFSET i ORDER BY i),
              CURRENT_TIMESTAMP()`,
      {
        id: param.string('a'),
        tags: param.stringArray(['x', 'y']),
        doc: param.json({ k: [1, 'ü🎉', null] }),
        usd: param.float64(0.25),
        calls: param.int64(null),
        names: param.stringArray(['docs', 'search']),
        urls: param.stringArray(['http://d', 'http://s']),
      },
    );
    const { rows } = await runQuery(conn, 'SELECT id, tags, TO_JSON_STRING(doc) AS doc, budget, servers FROM typed');
    expect(rows).toEqual([
      {
        id: 'a',
        tags: ['x', 'y'],
        doc: '{"k":[1,"ü🎉",null]}',
        budget: { usd: 0.25, calls: null },
        servers: [
          { name: 'docs', url: 'http://d' },
          { name: 'search', url: 'http://s' },
        ],
      },
    ]);
  });

  it('lists columns in INFORMATION_SCHEMA.COLUMNS', async () => {
    await runQuery(conn, 'CREATE TABLE IF NOT EXISTS info_probe (a STRING NOT NULL, b ARRAY<STRING>, c STRUCT<x INT64>, d JSON)');
    const { rows } = await runQuery(
      conn,
      `SELECT column_name, data_type FROM {{dataset}}.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table ORDER BY ordinal_position`,
      { table: param.string('info_probe') },
    );
    expect(rows).toEqual([
      { column_name: 'a', data_type: 'STRING' },
      { column_name: 'b', data_type: 'ARRAY<STRING>' },
      { column_name: 'c', data_type: 'STRUCT<x INT64>' },
      { column_name: 'd', data_type: 'JSON' },
    ]);
  });

  it('departure: INFORMATION_SCHEMA.COLUMNS names FLOAT64 "DOUBLE"', async () => {
    await runQuery(conn, 'CREATE TABLE float_probe (x FLOAT64)');
    const { rows } = await runQuery(conn, `SELECT data_type FROM {{dataset}}.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table`, {
      table: param.string('float_probe'),
    });
    expect(rows).toEqual([{ data_type: 'DOUBLE' }]);
  });

  it('departure: an unqualified INFORMATION_SCHEMA reads the first dataset, not the default one', async () => {
    const other = await createTestConnection('capabilities_other');
    await runQuery(other, 'CREATE TABLE only_in_other (x INT64)');
    const unqualified = await runQuery(other, 'SELECT table_name FROM INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table', {
      table: param.string('only_in_other'),
    });
    const qualified = await runQuery(other, `SELECT table_name FROM {{dataset}}.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table`, {
      table: param.string('only_in_other'),
    });
    expect(unqualified.rows).toEqual([]);
    expect(qualified.rows).toEqual([{ table_name: 'only_in_other' }]);
  });

  it('departure: an unqualified table name resolves in the first dataset that has the table, not the default dataset', async () => {
    const other = await createTestConnection('capabilities_other2');
    await runQuery(conn, 'CREATE TABLE {{dataset}}.same_name (x STRING)');
    await runQuery(other, 'CREATE TABLE {{dataset}}.same_name (x STRING)');
    await runQuery(conn, "INSERT INTO {{dataset}}.same_name (x) VALUES ('first')");
    await runQuery(other, "INSERT INTO {{dataset}}.same_name (x) VALUES ('second')");
    expect((await runQuery(other, 'SELECT x FROM {{dataset}}.same_name')).rows).toEqual([{ x: 'second' }]);
    expect((await runQuery(other, 'SELECT x FROM same_name')).rows).toEqual([{ x: 'first' }]);
  });

  it('departure: CREATE TABLE IF NOT EXISTS fails when the table exists', async () => {
    await runQuery(conn, 'CREATE TABLE IF NOT EXISTS exists_probe (x INT64)');
    await expect(runQuery(conn, 'CREATE TABLE IF NOT EXISTS exists_probe (x INT64)')).rejects.toThrow(/already created/);
  });

  it('departure: ALTER TABLE ADD COLUMN and a schema patch are accepted but queries never see the column (BigQuery adds it)', async () => {
    await runQuery(conn, 'CREATE TABLE {{dataset}}.grows (a INT64)');
    await runQuery(conn, 'ALTER TABLE {{dataset}}.grows ADD COLUMN IF NOT EXISTS b FLOAT64');
    const table = conn.bigquery.dataset(conn.datasetId).table('grows');
    const [metadata] = await table.getMetadata();
    await table.setMetadata({ schema: { fields: [...metadata.schema.fields, { name: 'c', type: 'STRING', mode: 'NULLABLE' }] } });
    await expect(runQuery(conn, 'SELECT b FROM {{dataset}}.grows')).rejects.toThrow(/Unrecognized name: b/);
    await expect(runQuery(conn, 'SELECT c FROM {{dataset}}.grows')).rejects.toThrow(/Unrecognized name: c/);
  });
});

describe('MERGE', () => {
  beforeAll(async () => {
    await runQuery(conn, 'CREATE TABLE versions (agent_id STRING, version INT64, is_latest BOOL, note STRING)');
    await runQuery(conn, "INSERT INTO versions VALUES ('a', 1, TRUE, 'first')");
  });

  it('departure: a USING source that is a UNION ALL is refused (BigQuery accepts any query)', async () => {
    await expect(
      runQuery(
        conn,
        `MERGE versions T USING (SELECT 'a' AS agent_id, 2 AS version UNION ALL SELECT 'a', 1) S
         ON T.agent_id = S.agent_id AND T.version = S.version
         WHEN MATCHED THEN UPDATE SET is_latest = FALSE
         WHEN NOT MATCHED BY TARGET THEN INSERT (agent_id, version, is_latest) VALUES (S.agent_id, S.version, TRUE)`,
      ),
    ).rejects.toThrow(/MERGE: source must be a single-table reference/);
  });

  it('inserts one row and updates another in one statement when the UNION ALL source is a temp table of the same script', async () => {
    const { rows } = await runQuery(
      conn,
      `CREATE TEMP TABLE plan AS
         SELECT 'insert' AS action, @agent_id AS agent_id, 2 AS version, @note AS note
         UNION ALL SELECT 'flip', @agent_id, 1, CAST(NULL AS STRING);
       MERGE versions T USING plan S ON T.agent_id = S.agent_id AND T.version = S.version
       WHEN MATCHED AND S.action = 'flip' THEN UPDATE SET is_latest = FALSE
       WHEN NOT MATCHED BY TARGET AND S.action = 'insert' THEN INSERT (agent_id, version, is_latest, note) VALUES (S.agent_id, S.version, TRUE, S.note);
       SELECT version, is_latest, note FROM versions WHERE agent_id = @agent_id ORDER BY version`,
      { agent_id: param.string('a'), note: param.string('second') },
    );
    expect(rows).toEqual([
      { version: 1, is_latest: false, note: 'first' },
      { version: 2, is_latest: true, note: 'second' },
    ]);
  });

  it('departure: query parameters inside a MERGE statement read as NULL', async () => {
    await runQuery(conn, 'CREATE TABLE merge_params (k STRING, v STRING)');
    await runQuery(conn, "CREATE TABLE merge_params_src AS SELECT 'k1' AS k");
    await runQuery(
      conn,
      'MERGE merge_params T USING merge_params_src S ON T.k = S.k WHEN NOT MATCHED THEN INSERT (k, v) VALUES (S.k, @v)',
      {
        v: param.string('from a parameter'),
      },
    );
    expect((await runQuery(conn, 'SELECT k, v FROM merge_params')).rows).toEqual([{ k: 'k1', v: null }]);
  });

  it('departure: jobs report no numDmlAffectedRows', async () => {
    const response = await rawQuery({ query: "UPDATE versions SET note = note WHERE agent_id = 'a'" });
    expect(response.numDmlAffectedRows).toBeUndefined();
  });
});

describe('scripts', () => {
  it('returns the rows of the last statement of a multi-statement script', async () => {
    const { rows } = await runQuery(
      conn,
      `CREATE TEMP TABLE numbers AS SELECT x FROM UNNEST(@xs) AS x;
       SELECT COUNT(*) AS n, STRING_AGG(x, ',' ORDER BY x) AS joined FROM numbers WHERE x != @skip`,
      { xs: param.stringArray(['a', 'b', 'c']), skip: param.string('b') },
    );
    expect(rows).toEqual([{ n: 2, joined: 'a,c' }]);
  });

  it('departure: in a script with parameters, a statement that uses none fails', async () => {
    await expect(
      runQuery(conn, 'CREATE TEMP TABLE probe AS SELECT @x AS x; SELECT COUNT(*) AS n FROM probe', { x: param.string('x') }),
    ).rejects.toThrow(/expected 0 arguments, got 1/);
  });

  it('departure: SESSION_USER() is "dummy"', async () => {
    expect((await runQuery(conn, 'SELECT SESSION_USER() AS who')).rows).toEqual([{ who: 'dummy' }]);
  });
});

describe('streaming inserts', () => {
  it('round-trips rows through insertAll', async () => {
    await runQuery(conn, 'CREATE TABLE streamed (id STRING, n INT64, tags ARRAY<STRING>, doc JSON, seen_at TIMESTAMP)');
    const table = conn.bigquery.dataset(conn.datasetId).table('streamed');
    await table.insert([
      { id: 'r1', n: 1, tags: ['a'], doc: JSON.stringify({ k: 1 }), seen_at: '2026-01-01T00:00:00Z' },
      { id: 'r2', n: 2, tags: [], doc: null, seen_at: '2026-01-02T00:00:00Z' },
    ]);
    const { rows } = await runQuery(
      conn,
      'SELECT id, n, tags, IF(doc IS NULL, NULL, TO_JSON_STRING(doc)) AS doc FROM streamed ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 'r1', n: 1, tags: ['a'], doc: '{"k":1}' },
      { id: 'r2', n: 2, tags: [], doc: null },
    ]);
  });

  it('departure: insertId does not de-duplicate (BigQuery does, best effort, for about a minute)', async () => {
    await runQuery(conn, 'CREATE TABLE dedupe (id STRING)');
    const table = conn.bigquery.dataset(conn.datasetId).table('dedupe');
    const row = { insertId: 'same-id', json: { id: 'x' } };
    await table.insert([row], { raw: true });
    await table.insert([row], { raw: true });
    expect((await runQuery(conn, 'SELECT COUNT(*) AS n FROM dedupe')).rows).toEqual([{ n: 2 }]);
  });
});

describe('jobs', () => {
  it('keeps every query as a job until it is deleted, and runQuery deletes its own', async () => {
    const before = await jobCount();
    const kept = (await rawQuery({ query: 'SELECT 1 AS one' })).jobReference as { jobId: string };
    expect(await jobCount()).toBe(before + 1);
    await forgetEmulatorJobs(conn.bigquery, [kept.jobId]);
    expect(await jobCount()).toBe(before);
    await runQuery(conn, 'SELECT 1 AS one');
    await runQuery(conn, 'SELECT 1 AS one; SELECT 2 AS two', {});
    expect(await jobCount()).toBe(before);
  });
});
