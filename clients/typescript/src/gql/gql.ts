/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      account {\n        id\n        username\n        role\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query PharmaOrdersPage($paging: PageInput, $search: String) {\n    pharmaOrders(paging: $paging, search: $search) {\n      total\n      items {\n        id\n        name\n        createdAt\n        customer {\n          id\n          name\n        }\n        lines {\n          amount\n          medicine {\n            id\n            name\n            sn\n          }\n        }\n      }\n    }\n  }\n": typeof types.PharmaOrdersPageDocument,
    "\n  fragment ShopGoodsCard on ShopGoods {\n    id\n    name\n    price\n    number\n    state\n    smallLogo\n    updatedAt\n    attributes {\n      value\n      attribute {\n        name\n      }\n    }\n  }\n": typeof types.ShopGoodsCardFragmentDoc,
    "\n  query ShopGoodsList($search: String, $paging: PageInput!) {\n    shopGoodsList(search: $search, paging: $paging) {\n      total\n      items {\n        id\n        ...ShopGoodsCard\n      }\n    }\n  }\n": typeof types.ShopGoodsListDocument,
    "\n  mutation UploadImage($file: Upload!) {\n    uploadImage(file: $file) {\n      tmpPath\n      url\n    }\n  }\n": typeof types.UploadImageDocument,
};
const documents: Documents = {
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      account {\n        id\n        username\n        role\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  query PharmaOrdersPage($paging: PageInput, $search: String) {\n    pharmaOrders(paging: $paging, search: $search) {\n      total\n      items {\n        id\n        name\n        createdAt\n        customer {\n          id\n          name\n        }\n        lines {\n          amount\n          medicine {\n            id\n            name\n            sn\n          }\n        }\n      }\n    }\n  }\n": types.PharmaOrdersPageDocument,
    "\n  fragment ShopGoodsCard on ShopGoods {\n    id\n    name\n    price\n    number\n    state\n    smallLogo\n    updatedAt\n    attributes {\n      value\n      attribute {\n        name\n      }\n    }\n  }\n": types.ShopGoodsCardFragmentDoc,
    "\n  query ShopGoodsList($search: String, $paging: PageInput!) {\n    shopGoodsList(search: $search, paging: $paging) {\n      total\n      items {\n        id\n        ...ShopGoodsCard\n      }\n    }\n  }\n": types.ShopGoodsListDocument,
    "\n  mutation UploadImage($file: Upload!) {\n    uploadImage(file: $file) {\n      tmpPath\n      url\n    }\n  }\n": types.UploadImageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      account {\n        id\n        username\n        role\n      }\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PharmaOrdersPage($paging: PageInput, $search: String) {\n    pharmaOrders(paging: $paging, search: $search) {\n      total\n      items {\n        id\n        name\n        createdAt\n        customer {\n          id\n          name\n        }\n        lines {\n          amount\n          medicine {\n            id\n            name\n            sn\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PharmaOrdersPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShopGoodsCard on ShopGoods {\n    id\n    name\n    price\n    number\n    state\n    smallLogo\n    updatedAt\n    attributes {\n      value\n      attribute {\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').ShopGoodsCardFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShopGoodsList($search: String, $paging: PageInput!) {\n    shopGoodsList(search: $search, paging: $paging) {\n      total\n      items {\n        id\n        ...ShopGoodsCard\n      }\n    }\n  }\n"): typeof import('./graphql').ShopGoodsListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadImage($file: Upload!) {\n    uploadImage(file: $file) {\n      tmpPath\n      url\n    }\n  }\n"): typeof import('./graphql').UploadImageDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
