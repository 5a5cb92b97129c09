// Relay connections: one generic builder so every list has edges, pageInfo and totalCount.
import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { Page } from "../../db/queries/pagination.js";

@ObjectType({ description: "Where a page sits in the whole list." })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface ConnectionValue<Node> {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: PageInfo;
  /** Counted only when asked for: a page that does not show a total costs no extra statement. */
  totalCount(): Promise<number>;
}

export function ConnectionType<Node extends object>(name: string, nodeType: ClassType<Node>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => nodeType) node!: Node;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects.` })
  class Connection implements ConnectionValue<Node> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [nodeType], { description: "The nodes of edges, for clients that need no cursors." }) nodes!: Node[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    countTotal!: () => Promise<number>;
    @Field(() => Int, { description: "How many objects match the filter, on all pages." })
    totalCount(): Promise<number> {
      return this.countTotal();
    }
  }
  return Connection;
}

/**
 * Builds a connection value from a page of rows, mapping each row to its GraphQL object. Cursors are encoded only
 * when asked for (edges, startCursor, endCursor): a portal reading `nodes` of 50 clusters with their node groups
 * made 150 base64 cursors per answer that nobody read (issue 13). Classes with getters on their prototypes, not
 * object literals with closures: one of these is built per cluster of a page, for its node groups.
 */
export function toConnection<Row, Node>(page: Page<Row>, map: (row: Row) => Node, countTotal: () => Promise<number>): ConnectionValue<Node> & { countTotal: () => Promise<number> } {
  return new LazyConnection(page, page.rows.map(map), countTotal);
}

class LazyConnection<Row, Node> {
  private cachedEdges: { cursor: string; node: Node }[] | undefined;
  readonly pageInfo: LazyPageInfo<Row>;
  readonly totalCount: () => Promise<number>;

  constructor(
    page: Page<Row>,
    readonly nodes: Node[],
    readonly countTotal: () => Promise<number>,
  ) {
    this.pageInfo = new LazyPageInfo(page);
    this.totalCount = countTotal;
  }

  get edges(): { cursor: string; node: Node }[] {
    return (this.cachedEdges ??= this.nodes.map((node, index) => ({ cursor: this.pageInfo.cursorAt(index)!, node })));
  }
}

class LazyPageInfo<Row> {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;

  constructor(private readonly page: Page<Row>) {
    this.hasNextPage = page.hasNextPage;
    this.hasPreviousPage = page.hasPreviousPage;
  }

  cursorAt(index: number): string | null {
    const { rows } = this.page;
    return index >= 0 && index < rows.length ? this.page.cursorOf(rows[index]!) : null;
  }

  get startCursor(): string | null {
    return this.cursorAt(0);
  }

  get endCursor(): string | null {
    return this.cursorAt(this.page.rows.length - 1);
  }
}
