// Untyped GraphQL over real HTTP and graphql-ws, for tables that send many small documents of their own.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import type { GraphQLResponse, TestServer } from "./server.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function document(source: string): TypedDocumentNode<Json, Json> {
  return parse(source) as TypedDocumentNode<Json, Json>;
}

/** Sends `source` with the admin token (or `token`); the whole response, errors included. */
export function send(api: TestServer, source: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<GraphQLResponse<Json>> {
  return api.request(document(source), variables, token);
}

/** Like send, but fails on any top-level error and returns data. */
export function data(api: TestServer, source: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<Json> {
  return api.query(document(source), variables, token);
}

/** A global id of `type` for a uuid nothing has. */
export function unknownId(type: string): string {
  return Buffer.from(`${type}:00000000-0000-4000-8000-00000000dead`).toString("base64url");
}
