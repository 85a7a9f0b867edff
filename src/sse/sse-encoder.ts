/** Encodes one SSE frame. `data` must not contain raw newlines (JSON.stringify output never does). */
export function encodeSseFrame(event: string | undefined, data: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}

/** An SSE comment line, ignored by clients; used as keep-alive. */
export function encodeSseComment(text: string): string {
  return `: ${text}\n\n`;
}
