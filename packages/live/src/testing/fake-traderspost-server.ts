import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { FakeBroker } from './fake-broker.ts';

/** A request the fake received. */
export interface FakeWebhookRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  /** Parsed JSON body (undefined when not JSON). */
  readonly body: Record<string, unknown> | undefined;
}

/**
 * The fake's answer to one request: an HTTP reply, or a fault after the body was read: `hang`
 * (never answer; the connection stays open until the server closes) or `reset` (destroy the
 * connection without a status line).
 */
export type FakeWebhookReply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly fault: 'hang' | 'reset' };

/**
 * A loopback TradersPost webhook for tests: records every request and answers like TradersPost
 * (spec §5): 200 `{success:true,id,logId,payload}` for a POST with JSON to the known path, 404
 * `not-found` for another path, 400 `post-required` for other methods — or whatever `reply` says.
 *
 * With a `broker`, every well-formed signal on the webhook path is **executed** on it before the
 * answer is chosen — so a `reply` of 500, `hang` or `reset` models a request that reached
 * TradersPost and was acted on although its answer was lost. A signal the broker refuses (an exit
 * when flat, an add without a position) is answered 400 like TradersPost does.
 */
export class FakeTradersPostServer {
  readonly requests: FakeWebhookRequest[] = [];
  readonly broker: FakeBroker | undefined;
  private readonly server: Server;
  private readonly webhookPath: string;
  private readonly reply: ((request: FakeWebhookRequest, index: number) => FakeWebhookReply | undefined) | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    options: {
      readonly webhookPath?: string;
      readonly reply?: (request: FakeWebhookRequest, index: number) => FakeWebhookReply | undefined;
      readonly broker?: FakeBroker | true;
    } = {},
  ) {
    this.webhookPath = options.webhookPath ?? '/trading/webhook/0b6d1f43-0000-4000-8000-000000000001/s3cretPassw0rd';
    this.reply = options.reply;
    this.broker = options.broker === true ? new FakeBroker() : options.broker;
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens on 127.0.0.1 (`port` 0: any free port); resolves with the full webhook URL. */
  listen(port = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address();
        const bound = typeof address === 'object' && address !== null ? address.port : 0;
        resolve(`http://127.0.0.1:${bound}${this.webhookPath}`);
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
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
      const valid = record.path === this.webhookPath && record.method === 'POST' && body !== undefined;
      const scripted = this.reply?.(record, index);
      // A scripted 4xx (429 included) was refused before execution; a 2xx, 5xx or fault came after it.
      const executes = scripted === undefined || 'fault' in scripted || scripted.status < 400 || scripted.status >= 500;
      const refusal = valid && executes && this.broker !== undefined ? this.broker.execute(body as Record<string, unknown>) : undefined;
      const reply = scripted ?? (refusal !== undefined ? { status: 400, body: { success: false, ...refusal } } : this.defaultReply(record, index));
      if ('fault' in reply) {
        if (reply.fault === 'reset') request.socket.destroy();
        return;
      }
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
