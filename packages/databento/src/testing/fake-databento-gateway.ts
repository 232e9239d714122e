import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { parseGatewayLine } from '../databento/gateway-lines.ts';

/** How the fake gateway behaves on one connection (all fields optional). */
export interface FakeGatewaySessionPlan {
  /** First line. Default `lsg_version=0.0.0-fake`. */
  readonly greeting?: string;
  /** The CRAM challenge. Default `t7kNhwj4xqR0QYjzFKtBEG2ec2pXJ4FK`. */
  readonly challenge?: string;
  /** Sent instead of the `cram=` line (to test a broken gateway). */
  readonly replaceChallengeLine?: string;
  /** Greeting and challenge in one write. */
  readonly coalesceGreeting?: boolean;
  /** Refuse authentication whatever the key. */
  readonly refuseAuth?: boolean;
  /** Bytes sent after `start_session`. */
  readonly data?: Uint8Array;
  /**
   * Bytes sent after `start_session`, chosen from the subscription's intraday replay `start`
   * (integer ns; undefined when the client asked for none), as a gateway replaying from `start`
   * would (see `scriptedSession`). Takes the place of `data`; returning `endAfterData` overrides
   * the plan's.
   */
  readonly replay?: (startNs: bigint | undefined) => Uint8Array | { readonly data: Uint8Array; readonly endAfterData: boolean };
  /** Write `data` in pieces of at most this many bytes (cycling 1..n when `varyChunks`). */
  readonly chunkSize?: number;
  readonly varyChunks?: boolean;
  /** Send FIN after `data`. Default false (stay silent and connected). */
  readonly endAfterData?: boolean;
}

/** What a client sent on one connection. */
export interface FakeGatewayConnection {
  readonly index: number;
  readonly lines: string[];
  authenticated: boolean;
  started: boolean;
  ended: boolean;
}

/**
 * A loopback Databento Live gateway for tests (spec §4): greets, challenges, checks the CRAM answer
 * against the keys it knows (by bucket id), records every line it receives, and after
 * `start_session` writes the planned DBN bytes, optionally in small pieces. Listens on
 * 127.0.0.1 only.
 */
export class FakeDatabentoGateway {
  readonly connections: FakeGatewayConnection[] = [];
  private readonly keys: readonly string[];
  private readonly plan: (index: number) => FakeGatewaySessionPlan;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly started = new Map<Socket, FakeGatewayConnection>();

  constructor(options: { readonly apiKeys: readonly string[]; readonly plan: (index: number) => FakeGatewaySessionPlan }) {
    this.keys = options.apiKeys;
    this.plan = options.plan;
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts listening on 127.0.0.1 and an ephemeral port; resolves with the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  }

  /** Writes bytes to every open connection (e.g. a heartbeat record at a chosen moment). */
  broadcast(bytes: Uint8Array): void {
    for (const socket of this.sockets) socket.write(bytes);
  }

  /** Writes bytes to every connection whose session started (live data after the replay). */
  sendToStarted(bytes: Uint8Array): void {
    for (const [socket, record] of this.started) if (record.started && !socket.destroyed) socket.write(bytes);
  }

  /** Connections whose session started and whose socket is still open. */
  get activeSessions(): number {
    let n = 0;
    for (const [socket, record] of this.started) if (record.started && !socket.destroyed) n++;
    return n;
  }

  /** Drops every connection at once (an outage); the gateway keeps listening for the reconnect. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** Closes every connection and the listener. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.started.delete(socket);
    });
    socket.on('error', () => undefined);
    const index = this.connections.length;
    const record: FakeGatewayConnection = { index, lines: [], authenticated: false, started: false, ended: false };
    this.connections.push(record);
    this.started.set(socket, record);
    socket.on('end', () => {
      record.ended = true;
    });
    const plan = this.plan(index);
    const challenge = plan.challenge ?? 't7kNhwj4xqR0QYjzFKtBEG2ec2pXJ4FK';
    const greeting = `${plan.greeting ?? 'lsg_version=0.0.0-fake'}\n`;
    const challengeLine = `${plan.replaceChallengeLine ?? `cram=${challenge}`}\n`;
    if (plan.coalesceGreeting === true) {
      socket.write(greeting + challengeLine);
    } else {
      socket.write(greeting);
      setImmediate(() => socket.writable && socket.write(challengeLine));
    }
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        record.lines.push(line);
        this.onLine(socket, record, plan, challenge, line);
      }
    });
  }

  private onLine(socket: Socket, record: FakeGatewayConnection, plan: FakeGatewaySessionPlan, challenge: string, line: string): void {
    const fields = parseGatewayLine(line);
    if (fields.has('auth') && !record.authenticated) {
      const ok = plan.refuseAuth !== true && this.verify(challenge, fields.get('auth') ?? '');
      if (ok) {
        record.authenticated = true;
        socket.write(`success=1|session_id=${record.index + 1}\n`);
      } else {
        socket.end('success=0|error=Authentication failed.\n');
      }
      return;
    }
    if (fields.has('start_session') && record.authenticated && !record.started) {
      record.started = true;
      let data = plan.data;
      let endAfterData = plan.endAfterData;
      if (plan.replay !== undefined) {
        const start = record.lines.map((l) => parseGatewayLine(l).get('start')).find((value) => value !== undefined);
        const answer = plan.replay(start === undefined ? undefined : BigInt(start));
        if (answer instanceof Uint8Array) {
          data = answer;
        } else {
          data = answer.data;
          endAfterData = answer.endAfterData;
        }
      }
      void this.send(socket, { ...plan, ...(data !== undefined ? { data } : {}), ...(endAfterData !== undefined ? { endAfterData } : {}) });
    }
  }

  private verify(challenge: string, auth: string): boolean {
    const dash = auth.lastIndexOf('-');
    const bucket = auth.slice(dash + 1);
    for (const key of this.keys) {
      if (!key.endsWith(bucket)) continue;
      const hash = createHash('sha256').update(`${challenge}|${key}`).digest('hex');
      if (auth.slice(0, dash) === hash) return true;
    }
    return false;
  }

  private async send(socket: Socket, plan: FakeGatewaySessionPlan): Promise<void> {
    const data = plan.data ?? new Uint8Array(0);
    const size = plan.chunkSize ?? data.length;
    let k = 0;
    for (let offset = 0; offset < data.length && !socket.destroyed; ) {
      const n = plan.varyChunks === true ? (k++ % size) + 1 : size;
      socket.write(data.subarray(offset, offset + n));
      offset += n;
      if (n < data.length) await new Promise((resolve) => setImmediate(resolve));
    }
    if (plan.endAfterData === true && !socket.destroyed) socket.end();
  }
}
