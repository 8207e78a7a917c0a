/**
 * The page's secrets — the token (`?token=`) that lets it connect and the control key (`?control=`)
 * that lets it control — taken from its own URL and then removed from the address bar and the
 * history, so they are not shown over a shoulder, bookmarked, or kept in the browser's history. They
 * stay in this tab's sessionStorage, so a reload still works; another tab or site never sees them.
 * (The server sends `Referrer-Policy: no-referrer`, so no request leaks the URL either.)
 */
export interface Secrets {
  token?: string;
  control?: string;
}

const NAMES = ['token', 'control'] as const;

/**
 * @example
 * // not run: needs the dashboard page (location, history, sessionStorage)
 * // at http://127.0.0.1:8080/?token=abc&maxHz=20
 * takeSecrets(); // { token: 'abc' }; the address bar now shows http://127.0.0.1:8080/?maxHz=20
 */
export function takeSecrets(): Secrets {
  const url = new URL(location.href);
  const secrets: Secrets = {};
  for (const name of NAMES) {
    const fromUrl = url.searchParams.get(name);
    const value = fromUrl ?? stored(name);
    if (value !== null && value !== '') secrets[name] = value;
    if (fromUrl !== null) {
      url.searchParams.delete(name);
      remember(name, fromUrl);
    }
  }
  if (url.href !== location.href) history.replaceState(history.state, '', url.href);
  return secrets;
}

function stored(name: string): string | null {
  try {
    return sessionStorage.getItem(`gradstream.${name}`);
  } catch {
    return null; // storage disabled: the secret lives only as long as the page
  }
}

function remember(name: string, value: string): void {
  try {
    sessionStorage.setItem(`gradstream.${name}`, value);
  } catch {
    // storage disabled: a reload will need the URL with the secret again
  }
}
