import type { Connection } from '../../src/bigquery/connection.js';

export interface CountedConnection {
  connection: Connection;
  /** BigQuery jobs started through `connection` so far (jobs.query calls; result pages are not jobs). */
  count(): number;
}

/** Wraps a connection so every query it runs is counted: how the tests and the bench count queries per page. */
export function countQueries(inner: Connection): CountedConnection {
  let queries = 0;
  const bigquery = new Proxy(inner.bigquery, {
    get(target, property, receiver) {
      if (property !== 'request') return Reflect.get(target, property, receiver);
      return (options: { method?: string; uri?: string }, callback: unknown) => {
        if (options.method === 'POST' && options.uri === '/queries') queries++;
        return target.request(options as never, callback as never);
      };
    },
  });
  return { connection: { ...inner, bigquery }, count: () => queries };
}
