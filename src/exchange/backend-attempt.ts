/**
 * One try of one candidate, as the exchange sees it: the key to send, and whether a failed
 * answer is the end of the line. `serve-candidate.ts` makes one per try.
 */
export interface BackendAttempt {
  /** The key this try sends (the backend's keys in turn); undefined when the backend takes none. */
  readonly apiKey: string | undefined;
  /**
   * Whether an error answer with this HTTP status is followed by another try (a retry, another
   * key, the next candidate). A passthrough pipes the backend's error to the client only when it
   * is not; otherwise it hands it back as a ProxyError. (When a `retry-after` then turns out too
   * long to wait for, that error reaches the client in the proxy's own rendering of it.)
   */
  followsUp(status: number): boolean;
}

/** The only try of a request (one candidate, no retries, one key): every error answer goes to the client. */
export function onlyAttempt(apiKey: string | undefined): BackendAttempt {
  return { apiKey, followsUp: neverFollowsUp };
}

const neverFollowsUp = (): boolean => false;

/** A try of a candidate that may be followed by others. */
export class CandidateAttempt implements BackendAttempt {
  constructor(
    readonly apiKey: string | undefined,
    /** A retry of this candidate, or the next candidate, would follow a retryable failure. */
    private readonly moreTries: boolean,
    /** Another of the backend's keys would follow a 401 or 429. */
    private readonly anotherKey: boolean,
  ) {}

  followsUp(status: number): boolean {
    if ((status === 401 || status === 429) && this.anotherKey) return true;
    return (status === 429 || status >= 500) && this.moreTries;
  }
}
