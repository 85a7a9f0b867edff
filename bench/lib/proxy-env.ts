/** The environment of every bench proxy: both backends on the mock, the given log level (and format). */
export function proxyEnv(mockUrl: string, logLevel: string, logFormat?: string): Record<string, string> {
  return {
    OPEN_AI_URL: `${mockUrl}/v1`,
    API_KEY: 'bench-openai-key',
    OPEN_MODEL: 'bench-model',
    ANTHROPIC_UPSTREAM_URL: mockUrl,
    ANTHROPIC_UPSTREAM_API_KEY: 'bench-anthropic-key',
    LOG_LEVEL: logLevel,
    ...(logFormat && { LOG_FORMAT: logFormat }),
  };
}
