// The WebSocket close codes a Turnkey client can see, what each means, and whether to reconnect.
import { CloseCode } from "graphql-ws";

/**
 * graphql-ws's codes (4400–4504) keep their meaning; Turnkey adds SlowConsumer and reuses Unauthorized
 * for a token that is refused or stops being valid. "Reconnect" is what the graphql-ws client does by
 * default, and what a UI should do: resubscribe with the last cursor it received.
 */
export const WebSocketCloseCode = {
  /** The replica is shutting down (SIGTERM). Reconnect (to another replica) with your last cursor. */
  GoingAway: 1001,
  /** Authentication could not be checked (the database is unreachable). Reconnect later. */
  TryAgainLater: 1013,
  /** A message that is not valid graphql-transport-ws. Do not reconnect unchanged. */
  BadRequest: CloseCode.BadRequest,
  /**
   * connection_init carried no valid token (missing, unknown, expired or revoked), a subscribe came before
   * the acknowledgement, or the session's token stopped being valid. Do not retry with the same token.
   */
  Unauthorized: CloseCode.Unauthorized,
  /**
   * The token is still valid but has lost every project it could see (its role bindings were removed, or
   * its minter no longer administers its project). Do not reconnect with the same token. Narrower losses
   * keep the socket: events of projects no longer visible simply stop.
   */
  Forbidden: 4403,
  /** The subprotocol is not graphql-transport-ws. */
  SubprotocolNotAcceptable: CloseCode.SubprotocolNotAcceptable,
  /** No connection_init within TURNKEY_WS_INIT_TIMEOUT_MS. Reconnect. */
  ConnectionInitialisationTimeout: CloseCode.ConnectionInitialisationTimeout,
  /** Two subscriptions with one id on one socket. */
  SubscriberAlreadyExists: CloseCode.SubscriberAlreadyExists,
  /**
   * The client did not read fast enough: more than TURNKEY_WS_MAX_BUFFERED_BYTES queued on the socket, or a
   * subscription more than TURNKEY_SUBSCRIPTION_BUFFER events behind. Reconnect with the last cursor received:
   * the replay pages through what was missed at the client's own pace. (4429 and 4408, the obvious
   * choices, are graphql-ws's "too many connection_init" and "init timeout"; 413 is HTTP's "too large".)
   */
  SlowConsumer: 4413,
  /** connection_init sent twice. */
  TooManyInitialisationRequests: CloseCode.TooManyInitialisationRequests,
  /** A server fault; details are in the server's log, never in the reason. */
  InternalServerError: CloseCode.InternalServerError,
} as const;

export type WebSocketCloseCode = (typeof WebSocketCloseCode)[keyof typeof WebSocketCloseCode];

/**
 * Not a close code: a peer that does not answer a ping within TURNKEY_WS_PONG_TIMEOUT_MS is gone, so its
 * socket is terminated without a close frame and the client sees 1006 (abnormal closure). Reconnect.
 */
export const KEEP_ALIVE_TERMINATION = 1006;
