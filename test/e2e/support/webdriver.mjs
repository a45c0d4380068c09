// A minimal W3C WebDriver (classic) client over fetch: just the endpoints the browser-neutral
// layer (engines.mjs) needs. Used for WebKitGTK through WebKitWebDriver; no dependency.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`WebDriver ${method} ${path} → ${status} ${value?.error ?? ''}: ${value?.message ?? JSON.stringify(value)}`);
    this.name = 'WebDriverError';
    this.code = value?.error;
  }
}

/** Sends one command to the driver at `base` (e.g. http://127.0.0.1:4444). */
async function command(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(method, path, response.status, { error: 'not json', message: text.slice(0, 500) });
  }
  if (!response.ok || json.value?.error) throw new WebDriverError(method, path, response.status, json.value);
  return json.value;
}

/** Creates a session; returns a small object with the commands as methods. */
export async function newSession(base, capabilities) {
  const created = await command(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
  const id = created.sessionId;
  const s = (method, path, body) => command(base, method, `/session/${id}${path}`, body);
  const session = {
    id,
    capabilities: created.capabilities,
    setTimeouts: (timeouts) => s('POST', '/timeouts', timeouts),
    navigate: (url) => s('POST', '/url', { url }),
    refresh: () => s('POST', '/refresh', {}),
    windowHandle: () => s('GET', '/window'),
    windowHandles: () => s('GET', '/window/handles'),
    switchToWindow: (handle) => s('POST', '/window', { handle }),
    /** Opens a new top-level browsing context and returns its handle (not switched to). */
    newWindow: async (type = 'tab') => (await s('POST', '/window/new', { type })).handle,
    /** Closes the current window; returns the handles left. */
    closeWindow: () => s('DELETE', '/window'),
    executeSync: (script, args = []) => s('POST', '/execute/sync', { script, args }),
    executeAsync: (script, args = []) => s('POST', '/execute/async', { script, args }),
    click: (element) => s('POST', `/element/${element[ELEMENT]}/click`, {}),
    sendKeys: (element, text) => s('POST', `/element/${element[ELEMENT]}/value`, { text }),
    delete: () => command(base, 'DELETE', `/session/${id}`),
  };
  return session;
}

/** Whether a value the driver returned is an element reference. */
export const isElement = (value) => value !== null && typeof value === 'object' && ELEMENT in value;

/** WebDriver's key codes for sendKeys. */
export const KEYS = { Enter: '\uE007', Escape: '\uE00C' };
