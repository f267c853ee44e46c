/** A chat-completions request body as a client sent it (only the fields the scripted model reads are typed). */
export interface ChatRequest {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: Record<string, unknown> } }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  [field: string]: unknown;
}

/** One request the server received, kept so tests can assert what the model was sent and what became of it. */
export interface RecordedRequest {
  body: ChatRequest;
  headers: Record<string, string | string[] | undefined>;
  receivedAt: number;
  /** The client hung up before the reply was complete (e.g. a cancelled run aborting its call). */
  aborted: boolean;
  abortedAt?: number;
}

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** A string is sent verbatim, so a test can script malformed JSON; anything else is JSON-encoded. */
  arguments: unknown;
}

/** What the model answers; every field is optional. */
export interface ScriptedReply {
  content?: string | null;
  tool_calls?: ScriptedToolCall[];
  /** Wait this long before answering (or before the first chunk when streaming). */
  delay_ms?: number;
  /** Answer with this HTTP error instead, in OpenAI's error shape. */
  error?: { status: number; message?: string };
  /** Overrides of the estimated usage. */
  usage?: { prompt_tokens?: number; cached_tokens?: number; completion_tokens?: number };
  /** The model name the reply reports; defaults to the server's. */
  model?: string;
  /** Streamed content pieces; defaults to the content split after each space. */
  chunks?: string[];
  chunk_delay_ms?: number;
}

/** Decides each reply: the current request, and every earlier one (this one last). */
export type Responder = (request: ChatRequest, history: RecordedRequest[]) => ScriptedReply | Promise<ScriptedReply>;
