import { api } from "./client";

/** What the server pushes (web.LiveMessage): a cluster's status or log line, or a new notification. */
export type LiveMessage =
  | {
      type: "cluster.status";
      cluster_id: string;
      status: string;
      previous?: string | null;
      reason?: string | null;
      run_id?: string | null;
      at: string;
      version: number;
    }
  | { type: "cluster.log"; cluster_id: string; run_id: string; seq: number; at: string; line: string }
  | { type: "notification"; notification: import("./client").Notification }
  | { type: "pong" }
  | { type: "error"; code: string; detail: string };

export type LiveState = "connecting" | "online" | "offline";

type Listener = (message: LiveMessage) => void;

/**
 * Where the WebSocket is: in AWS the WebSocket API's own address, which the deployment writes to
 * /console/config.json; locally (no such file) the console's origin, /ws.
 */
type RuntimeConfig = { websocket_url?: string };
const socketUrl: Promise<string> = fetch("/console/config.json")
  .then((response): Promise<RuntimeConfig> | RuntimeConfig => (response.ok ? response.json() : {}))
  .catch((): RuntimeConfig => ({}))
  .then((config) => {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return config.websocket_url ?? `${scheme}//${window.location.host}/ws`;
  });

const MAX_BACKOFF_MS = 30_000;
const PING_MS = 4 * 60_000;

/**
 * One WebSocket per tab. A single-use ticket from POST /auth/ws-ticket opens it (the session's cookies never go to
 * the socket); when it drops, it comes back with exponential backoff and jitter, and every page that listens is told
 * to refetch over HTTP what it may have missed ({@link onReconnect}).
 */
class LiveConnection {
  private socket: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private reconnectListeners = new Set<() => void>();
  private stateListeners = new Set<(state: LiveState) => void>();
  private attempt = 0;
  private timer: number | undefined;
  private ping: number | undefined;
  private wanted = false;
  private everOpened = false;
  state: LiveState = "offline";

  start() {
    if (this.wanted) return;
    this.wanted = true;
    void this.connect();
  }

  stop() {
    this.wanted = false;
    window.clearTimeout(this.timer);
    window.clearInterval(this.ping);
    this.socket?.close(1000, "signed out");
    this.socket = null;
    this.everOpened = false;
    this.setState("offline");
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: LiveState) {
    this.state = state;
    this.stateListeners.forEach((listener) => listener(state));
  }

  private async connect() {
    if (!this.wanted) return;
    this.setState("connecting");
    const { data } = await api.POST("/auth/ws-ticket").catch(() => ({ data: undefined }));
    if (!this.wanted) return;
    if (!data) {
      this.retry();
      return;
    }
    const socket = new WebSocket(`${await socketUrl}?ticket=${encodeURIComponent(data.ticket)}`);
    this.socket = socket;
    socket.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.setState("online");
      window.clearInterval(this.ping);
      this.ping = window.setInterval(() => socket.send(JSON.stringify({ type: "ping" })), PING_MS);
      if (reconnected) this.reconnectListeners.forEach((listener) => listener());
    };
    socket.onmessage = (event) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(String(event.data)) as LiveMessage;
      } catch {
        return;
      }
      this.listeners.forEach((listener) => listener(message));
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      window.clearInterval(this.ping);
      this.socket = null;
      this.retry();
    };
  }

  private retry() {
    if (!this.wanted) return;
    this.setState("offline");
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt);
    this.attempt++;
    this.timer = window.setTimeout(() => void this.connect(), backoff / 2 + Math.random() * (backoff / 2));
  }
}

export const live = new LiveConnection();
