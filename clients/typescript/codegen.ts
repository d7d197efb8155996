// graphql-codegen's client preset over the server's SDL: `npm run codegen`
// writes src/gql/ (typed documents, the graphql() function) and
// src/gql/persisted-documents.json (sha256 hex → document, the manifest a
// server that runs only trusted documents reads).
import type { CodegenConfig } from '@graphql-codegen/cli';
import { createHash } from 'node:crypto';

const config: CodegenConfig = {
  schema: '../../schema/*.graphqls',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        // Documents as strings with their types: sent by fetch, no GraphQL runtime in the bundle.
        documentMode: 'string',
        useTypeImports: true,
        enumType: 'string-literal',
        // A scalar the schema gains without a mapping here fails generation instead of becoming `any`.
        strictScalars: true,
        scalars: {
          // The server writes ids as strings and reads strings or numbers.
          ID: { input: 'string | number', output: 'string' },
          // RFC 3339, always UTC.
          Time: { input: 'string', output: 'string' },
          // Yuan with two decimals, a JSON number (6885.93); read from a number or a decimal string.
          Money: { input: 'number | string', output: 'number' },
          // A file part of a multipart request (the GraphQL multipart request spec).
          Upload: { input: 'File | Blob', output: 'never' },
        },
      },
      presetConfig: {
        // Keys are bare sha256 hex of the normalized document; the preset's own
        // 'sha256' would prefix them with "sha256:" (the GraphQL over HTTP document id).
        persistedDocuments: {
          hashAlgorithm: (document: string) => createHash('sha256').update(document).digest('hex'),
        },
      },
    },
  },
};

export default config;
