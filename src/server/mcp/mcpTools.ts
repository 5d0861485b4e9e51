import type { ToolDefinition } from './ToolDefinition';
import { changesSince } from './tools/changesSince';
import { downloadPlan } from './tools/downloadPlan';
import { editionFiles } from './tools/editionFiles';
import { editionsAt } from './tools/editionsAt';
import { findProducts } from './tools/findProducts';
import { latestEdition } from './tools/latestEdition';

/** The tools of `/mcp`, in the order `tools/list` gives them. */
export const MCP_TOOLS: readonly ToolDefinition[] = [findProducts, latestEdition, editionsAt, editionFiles, downloadPlan, changesSince];
