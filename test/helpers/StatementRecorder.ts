import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/** One statement a store sent: its kind, the table it writes or reads first, and the rows it changed. */
export interface RecordedStatement {
  /** Kysely's node kind: `InsertQueryNode`, `UpdateQueryNode`, `DeleteQueryNode`, `SelectQueryNode`… */
  kind: string;
  table: string | null;
  /** Rows inserted, updated or deleted (`numAffectedRows`); null for reads. */
  rows: number | null;
}

/**
 * A Kysely plugin recording every statement sent through the instance it is added to (`db.withPlugin`), on
 * either dialect: tests count the writes a store issues instead of guessing them from timings.
 */
export class StatementRecorder implements KyselyPlugin {
  readonly statements: RecordedStatement[] = [];
  private readonly pending = new WeakMap<object, RecordedStatement>();

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const statement: RecordedStatement = { kind: node.kind, table: tableOf(node), rows: null };
    this.statements.push(statement);
    this.pending.set(queryId, statement);
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const statement = this.pending.get(queryId);
    if (statement && result.numAffectedRows !== undefined) statement.rows = Number(result.numAffectedRows);
    return result;
  }

  /** Statements of `kind` on `table` recorded so far. */
  of(kind: 'InsertQueryNode' | 'UpdateQueryNode' | 'DeleteQueryNode', table: string): RecordedStatement[] {
    return this.statements.filter((statement) => statement.kind === kind && statement.table === table);
  }

  /** Forgets what was recorded. */
  clear(): void {
    this.statements.length = 0;
  }
}

// Private: the table an insert, update, delete or (first) select names.
function tableOf(node: RootOperationNode): string | null {
  const any = node as unknown as { table?: unknown; into?: unknown; from?: { froms?: unknown[] } };
  const table = (any.into ?? any.table ?? any.from?.froms?.[0]) as { table?: { identifier?: { name?: string } } } | undefined;
  return table?.table?.identifier?.name ?? null;
}
