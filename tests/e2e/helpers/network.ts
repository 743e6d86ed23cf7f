/**
 * A switchable network for one browser context's Socket.IO traffic, to test the
 * disconnected state and automatic reconnection: `cut()` closes the live WebSocket
 * on both sides and refuses new polling requests and WebSockets until `restore()`.
 * Pages, scripts and the HTTP API are untouched.
 */
import type { BrowserContext, WebSocketRoute } from '@playwright/test';

export interface SocketNetwork {
  cut(): void;
  restore(): void;
}

export async function switchableSocketNetwork(context: BrowserContext): Promise<SocketNetwork> {
  let down = false;
  const live = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (down) {
      void ws.close({ code: 1011, reason: 'test: network down' });
      return;
    }
    const server = ws.connectToServer();
    const pair = { page: ws, server };
    live.add(pair);
    ws.onClose(() => {
      live.delete(pair);
      void server.close();
    });
    server.onClose(() => {
      live.delete(pair);
      void ws.close();
    });
  });
  await context.route(/\/socket\.io\//, (route) => (down ? route.abort('internetdisconnected') : route.continue()));
  return {
    cut() {
      down = true;
      for (const pair of [...live]) {
        live.delete(pair);
        void pair.server.close();
        void pair.page.close({ code: 1006, reason: 'test: network down' });
      }
    },
    restore() {
      down = false;
    },
  };
}
