/**
 * OpenAI-compatible chat-completions client (OpenAI, Ollama, llama.cpp server, vLLM, LM Studio):
 * POST {baseUrl}/chat/completions, concurrency cap, daily budget, timeout and bounded retries.
 */
import pLimit from 'p-limit';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import type { Logger } from '../../../log/index.js';
import type { Budget } from './budget.js';
import { isRetryableStatus, postJson, RetryableError, withRetries } from './http.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatClientOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  budget: Budget;
  log: Logger;
  /** First backoff delay (doubles per retry). */
  retryBaseMs?: number;
  dispatcher?: Dispatcher;
}

export interface ChatClient {
  /** The assistant's message text. */
  complete(messages: ChatMessage[]): Promise<string>;
}

const CODES = { timeout: 'llm.timeout', unavailable: 'llm.unavailable', bad: 'llm.bad_response' } as const;

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })).min(1),
});

export function createChatClient(o: ChatClientOptions): ChatClient {
  const limit = pLimit(o.concurrency);
  const once = oneExchange(o);
  const retry = { retries: o.maxRetries, baseMs: o.retryBaseMs ?? 500, log: o.log, what: 'llm' };
  return {
    complete: (messages) => limit(() => withRetries(() => once(messages), retry, isRetryable)),
  };
}

/** Timeouts, unreachable servers, 408/429/5xx are retried; other HTTP errors and bad answers are not. */
function isRetryable(e: unknown): boolean {
  if (e instanceof RetryableError) return true;
  return (
    e instanceof AppError && !isClientError(e) && (e.code === 'llm.timeout' || e.code === 'llm.unavailable')
  );
}

/**
 * One request and its answer. JSON mode first; a server that refuses it (LM Studio: "'response_format.type'
 * must be 'json_schema'") is asked again without it, and gets plain requests from then on.
 */
function oneExchange(o: ChatClientOptions): (messages: ChatMessage[]) => Promise<string> {
  const headers: Record<string, string> = o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {};
  const url = `${o.baseUrl}/chat/completions`;
  let jsonMode = true;
  const send = async (messages: ChatMessage[]) => {
    if (!(await o.budget.take()))
      throw new AppError('llm.budget_exhausted', 'daily LLM request budget used up');
    const format = jsonMode ? { response_format: { type: 'json_object' } } : {};
    const body = { model: o.model, messages, temperature: 0.2, ...format };
    return postJson({ url, body, headers, timeoutMs: o.timeoutMs, codes: CODES, dispatcher: o.dispatcher });
  };
  return async (messages) => {
    let res = await send(messages);
    if (res.status === 400 && jsonMode) {
      jsonMode = false;
      o.log.info('LLM server refused response_format json_object; asking without it from now on');
      res = await send(messages);
    }
    return readCompletion(res.status, res.text, res.retryAfterMs);
  };
}

class ClientStatusError extends AppError {}
function isClientError(e: unknown): boolean {
  return e instanceof ClientStatusError;
}

function readCompletion(status: number, text: string, retryAfterMs?: number): string {
  if (isRetryableStatus(status)) throw new RetryableError('llm.unavailable', `HTTP ${status}`, retryAfterMs);
  if (status < 200 || status >= 300)
    throw new ClientStatusError('llm.unavailable', `HTTP ${status}`, { status });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('llm.bad_response', 'response body is not JSON');
  }
  const parsed = completionSchema.safeParse(json);
  const content = parsed.success ? parsed.data.choices[0]?.message.content : undefined;
  if (!content) throw new AppError('llm.bad_response', 'no message content in the response');
  return content;
}
