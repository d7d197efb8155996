// A minimal fetch client for the generated documents: the operation's types
// flow from the document to the variables and the answer.
import type { TypedDocumentString } from './gql/graphql';

export interface Api {
  /** The server's GraphQL endpoint, e.g. https://example.com/graphql. */
  endpoint: string;
  /** The token from `login`, sent as a bearer token. */
  token?: string;
}

export class GraphQLError extends Error {
  constructor(readonly errors: ReadonlyArray<{ message: string; extensions?: { code?: string } }>) {
    super(errors.map((e) => e.message).join('; '));
  }
}

type Answer<TResult> = { data?: TResult | null; errors?: GraphQLError['errors'] };

function headers(api: Api): Record<string, string> {
  return api.token ? { Authorization: `Bearer ${api.token}` } : {};
}

async function read<TResult>(response: Response): Promise<TResult> {
  const answer = (await response.json()) as Answer<TResult>;
  if (answer.errors?.length) {
    throw new GraphQLError(answer.errors);
  }
  if (answer.data == null) {
    throw new Error(`no data (HTTP ${response.status})`);
  }
  return answer.data;
}

/**
 * The request of an operation by its hash alone (the persisted-documents
 * manifest's key), as a server running only trusted documents needs it;
 * with the document's text too when `withText`.
 */
function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  withText: boolean,
) {
  const persistedQuery = { version: 1, sha256Hash: document.__meta__?.hash as string };
  return { ...(withText ? { query: document.toString() } : {}), variables, extensions: { persistedQuery } };
}

/**
 * Runs an operation as a JSON POST, by its hash first: a server that does
 * not know the hash yet (automatic persisted queries) answers
 * PERSISTED_QUERY_NOT_FOUND, and the operation is sent again with its text.
 */
export async function execute<TResult, TVariables>(
  api: Api,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const post = (withText: boolean) =>
    fetch(api.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers(api) },
      body: JSON.stringify(request(document, variables, withText)),
    });
  try {
    return await read<TResult>(await post(false));
  } catch (e) {
    if (e instanceof GraphQLError && e.errors[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND') {
      return read<TResult>(await post(true));
    }
    throw e;
  }
}

/**
 * Runs an operation whose variable `name` is one file, as a GraphQL
 * multipart request: the operation with the variable null, a map that puts
 * part "0" there, and the file as part "0".
 */
export async function executeUpload<TResult, TVariables extends Record<string, unknown>>(
  api: Api,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  name: keyof TVariables & string,
): Promise<TResult> {
  const body = new FormData();
  body.append('operations', JSON.stringify(request(document, { ...variables, [name]: null }, true)));
  body.append('map', JSON.stringify({ '0': [`variables.${name}`] }));
  body.append('0', variables[name] as Blob);
  const response = await fetch(api.endpoint, { method: 'POST', headers: headers(api), body });
  return read<TResult>(response);
}
