import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A request the fake received. */
export interface FakeWebhookRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  /** Parsed JSON body (undefined when not JSON). */
  readonly body: Record<string, unknown> | undefined;
}

/** The fake's answer to one request. */
export interface FakeWebhookReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A loopback TradersPost webhook for tests: records every request and answers like TradersPost
 * (spec §5): 200 `{success:true,id,logId,payload}` for a POST with JSON to the known path, 404
 * `not-found` for another path, 400 `post-required` for other methods — or whatever `reply` says.
 */
export class FakeTradersPostServer {
  readonly requests: FakeWebhookRequest[] = [];
  private readonly server: Server;
  private readonly webhookPath: string;
  private readonly reply: ((request: FakeWebhookRequest, index: number) => FakeWebhookReply | undefined) | undefined;

  constructor(options: { readonly webhookPath?: string; readonly reply?: (request: FakeWebhookRequest, index: number) => FakeWebhookReply | undefined } = {}) {
    this.webhookPath = options.webhookPath ?? '/trading/webhook/0b6d1f43-0000-4000-8000-000000000001/s3cretPassw0rd';
    this.reply = options.reply;
    this.server = createServer((request, response) => this.handle(request, response));
  }

  /** Listens on 127.0.0.1; resolves with the full webhook URL. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        const port = typeof address === 'object' && address !== null ? address.port : 0;
        resolve(`http://127.0.0.1:${port}${this.webhookPath}`);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      const record: FakeWebhookRequest = { method: request.method ?? '', path: request.url ?? '', contentType: request.headers['content-type'], body };
      const index = this.requests.length;
      this.requests.push(record);
      const reply = this.reply?.(record, index) ?? this.defaultReply(record, index);
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}));
    });
  }

  private defaultReply(request: FakeWebhookRequest, index: number): FakeWebhookReply {
    if (request.path !== this.webhookPath) return { status: 404, body: { success: false, messageCode: 'not-found', message: 'Webhook not found.' } };
    if (request.method !== 'POST') return { status: 400, body: { success: false, messageCode: 'post-required', message: 'POST required.' } };
    if (request.body === undefined) return { status: 400, body: { success: false, messageCode: 'malformed-json', message: 'Malformed JSON.' } };
    const id = `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
    return { status: 200, body: { success: true, id, logId: id, payload: request.body } };
  }
}
