import { execute, type Api } from './api';
import { graphql } from './gql';
import type { LoginApp } from './gql/graphql';

export const LoginDocument = graphql(`
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
`);

/** Signs in to one application and returns an Api that sends the session's token. */
export async function login(api: Api, app: LoginApp, username: string, password: string): Promise<Api> {
  const { login } = await execute(api, LoginDocument, { input: { app, username, password } });
  return { ...api, token: login.token };
}
