import type { z } from 'zod';
import type { RunOperation } from './OperationAnswer';

/** What a tool answers: its structured content (matching its output schema) and a short text summary. */
export interface ToolResult<Output> {
  structured: Output;
  summary: string;
}

/** One MCP tool: read-only, its input and output schemas, and how it answers from GraphQL operations. */
export interface ToolDefinition<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  /** True when it may read the upstream (MCP's `openWorldHint`); false for the tools answered from the index alone. */
  readsUpstream: boolean;
  input: Input;
  output: Output;
  /** Answers for arguments the input schema accepted; throws a `ToolFailure` to answer a tool error. */
  call(args: z.output<Input>, run: RunOperation): Promise<ToolResult<z.input<Output>>>;
}

/** Types a tool's `call` from its schemas. */
export function defineTool<Input extends z.ZodType, Output extends z.ZodType>(tool: ToolDefinition<Input, Output>): ToolDefinition<Input, Output> {
  return tool;
}
