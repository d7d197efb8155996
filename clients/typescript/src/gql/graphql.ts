/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AccountRole =
  /** Full administrator: the pharma admin and every other back office. */
  | 'ADMIN'
  /** A merchant-management employee (account manager, sales manager) of a group. */
  | 'EMPLOYEE'
  /** A merchant's own account (a wholesale customer); it signs in to no back office. */
  | 'MERCHANT'
  /** A B2B partner's account, working for one enterprise (the partner API). */
  | 'PARTNER'
  /** A back-office user whose rights come from the domain it works in. */
  | 'STAFF';

/** The application a login is for; each one decides who may enter. */
export type LoginApp =
  /** Merchant management: active EMPLOYEE and ADMIN accounts. */
  | 'MERCHANTS'
  /** The B2B partner API: active PARTNER accounts. */
  | 'PARTNER'
  /** The pharma sales admin: active ADMIN accounts only. */
  | 'PHARMA'
  /** The shop back office: active accounts that have a shop role. */
  | 'SHOP';

export type LoginInput = {
  app: LoginApp;
  password: string;
  username: string;
};

/**
 * A page request: 1-based, its size between 1 and 1000. A list's paging
 * argument left out or sent as null is the same: the argument's default page
 * where the schema gives one (restaurants, the partner lists), every row
 * otherwise.
 */
export type PageInput = {
  page: number;
  size: number;
};

export type ShopGoodsState =
  | 'APPROVED'
  | 'IN_REVIEW'
  | 'REJECTED';

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { token: string, expiresAt: string, account: { id: string, username: string, role: AccountRole } } };

export type PharmaOrdersPageQueryVariables = Exact<{
  paging?: PageInput | null | undefined;
  search?: string | null | undefined;
}>;


export type PharmaOrdersPageQuery = { pharmaOrders: { total: number, items: Array<{ id: string, name: string, createdAt: string, customer: { id: string, name: string }, lines: Array<{ amount: number, medicine: { id: string, name: string, sn: string } }> }> } };

export type ShopGoodsCardFragment = { id: string, name: string, price: number, number: number, state: ShopGoodsState, smallLogo: string, updatedAt: string, attributes: Array<{ value: string, attribute: { name: string } }> } & { ' $fragmentName'?: 'ShopGoodsCardFragment' };

export type ShopGoodsListQueryVariables = Exact<{
  search?: string | null | undefined;
  paging: PageInput;
}>;


export type ShopGoodsListQuery = { shopGoodsList: { total: number, items: Array<(
      { id: string }
      & { ' $fragmentRefs'?: { 'ShopGoodsCardFragment': ShopGoodsCardFragment } }
    )> } };

export type UploadImageMutationVariables = Exact<{
  file: File | Blob;
}>;


export type UploadImageMutation = { uploadImage: { tmpPath: string, url: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ShopGoodsCardFragmentDoc = new TypedDocumentString(`
    fragment ShopGoodsCard on ShopGoods {
  id
  name
  price
  number
  state
  smallLogo
  updatedAt
  attributes {
    value
    attribute {
      name
    }
  }
}
    `, {"fragmentName":"ShopGoodsCard"}) as unknown as TypedDocumentString<ShopGoodsCardFragment, unknown>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    token
    expiresAt
    account {
      id
      username
      role
    }
  }
}
    `, {"hash":"96e22aeb6d43f6ecc541d4439dce8d6697b6b2dfebdfe4422a9d9152bae92833"}) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const PharmaOrdersPageDocument = new TypedDocumentString(`
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
    `, {"hash":"dd916a0fb89f318f241ff562b8c41c4c1ff4731eabb059729afa8c52e629f004"}) as unknown as TypedDocumentString<PharmaOrdersPageQuery, PharmaOrdersPageQueryVariables>;
export const ShopGoodsListDocument = new TypedDocumentString(`
    query ShopGoodsList($search: String, $paging: PageInput!) {
  shopGoodsList(search: $search, paging: $paging) {
    total
    items {
      id
      ...ShopGoodsCard
    }
  }
}
    fragment ShopGoodsCard on ShopGoods {
  id
  name
  price
  number
  state
  smallLogo
  updatedAt
  attributes {
    value
    attribute {
      name
    }
  }
}`, {"hash":"16a2c663125ae71ed89fd9b94e2d7eb0c4e1debb2e83dfc61607604c2d675527"}) as unknown as TypedDocumentString<ShopGoodsListQuery, ShopGoodsListQueryVariables>;
export const UploadImageDocument = new TypedDocumentString(`
    mutation UploadImage($file: Upload!) {
  uploadImage(file: $file) {
    tmpPath
    url
  }
}
    `, {"hash":"7b3b9dc36a65b6722d588ec3ba93219f2dd76f0daab992dc7f28627a6575350a"}) as unknown as TypedDocumentString<UploadImageMutation, UploadImageMutationVariables>;