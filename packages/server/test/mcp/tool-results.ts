/** Reading MCP tool results in the tests. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The structured content of a successful tool result (fails the test on a tool error). */
export function ok(result: unknown): Record<string, unknown> {
  const call = result as CallToolResult;
  if (call.isError) throw new Error(`tool error: ${JSON.stringify(call.content)}`);
  return call.structuredContent as Record<string, unknown>;
}

/** The text of a tool error (fails the test on a success). */
export function toolError(result: unknown): string {
  const call = result as CallToolResult;
  if (!call.isError) throw new Error(`expected a tool error, got ${JSON.stringify(call.structuredContent)}`);
  const first = call.content[0];
  return first?.type === 'text' ? first.text : '';
}
