import { execute, type Api } from './api';
import { graphql } from './gql';
import type { PharmaOrdersPageQuery } from './gql/graphql';

export const PharmaOrdersPageDocument = graphql(`
  query PharmaOrdersPage($paging: PageInput, $search: String) {
    pharmaOrders(paging: $paging, search: $search) {
      total
      items {
        id
        name
        createdAt
        customer {
          id
          name
        }
        lines {
          amount
          medicine {
            id
            name
            sn
          }
        }
      }
    }
  }
`);

export type PharmaOrderRow = PharmaOrdersPageQuery['pharmaOrders']['items'][number];

/** One page of the pharma admin's orders table, with each order's total amount. */
export async function pharmaOrdersPage(api: Api, page: number, size: number, search?: string) {
  const { pharmaOrders } = await execute(api, PharmaOrdersPageDocument, { paging: { page, size }, search: search ?? null });
  return {
    total: pharmaOrders.total,
    rows: pharmaOrders.items.map((order: PharmaOrderRow) => ({
      ...order,
      createdAt: new Date(order.createdAt),
      amount: order.lines.reduce((sum, line) => sum + line.amount, 0),
    })),
  };
}
