// The client package (`turnkey/client`): the typed client, its helpers, and every typed document and type.
export { TurnkeyClient, TurnkeyError, graphqlUrl, type ClusterEvent, type ClusterEventsOptions, type GraphQLErrorShape, type OperationDetail, type TurnkeyClientOptions } from "./client.js";
export * from "./generated/graphql.js";
