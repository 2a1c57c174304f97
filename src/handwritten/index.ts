/** Hand-written interactions: partial request matchers and replies rendered in each provider's wire format. */
export { evaluateMatch, type MatchResult } from './match-spec.js';
export { renderReply, rendererFor, type RenderContext } from './renderer.js';
export { handwrittenProblems } from './validate-handwritten.js';
export { planChunks, splitText, paceChunks, DEFAULT_TTFT_MS, CHARS_PER_TOKEN, type ChunkPlanOptions, type PlannedChunk, type Chunking } from './chunk-planner.js';
export { estimateTokens, estimatePromptTokens, estimateUsage } from './usage-estimate.js';
export { renderTemplate, type TemplateContext } from './template.js';
export { extractConversation, type Conversation, type ConversationMessage } from './conversation.js';
