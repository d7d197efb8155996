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

/** Runs an operation as a JSON POST. */
export async function execute<TResult, TVariables>(
  api: Api,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(api.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers(api) },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  return read<TResult>(response);
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
  body.append('operations', JSON.stringify({ query: document.toString(), variables: { ...variables, [name]: null } }));
  body.append('map', JSON.stringify({ '0': [`variables.${name}`] }));
  body.append('0', variables[name] as Blob);
  const response = await fetch(api.endpoint, { method: 'POST', headers: headers(api), body });
  return read<TResult>(response);
}
