/** The whole JSON input of a buffered tool call, read for what the Responses item needs. */

/** `{"input": "..."}` (the custom tool's one argument) -> the string; undefined when it is not that. */
export function customInputOf(json: string): string | undefined {
  try {
    const parsed = JSON.parse(json) as { input?: unknown };
    return typeof parsed.input === 'string' ? parsed.input : undefined;
  } catch {
    return undefined;
  }
}

export function queryOf(json: string): string | undefined {
  try {
    const parsed = JSON.parse(json) as { query?: unknown };
    return typeof parsed.query === 'string' ? parsed.query : undefined;
  } catch {
    return undefined;
  }
}
