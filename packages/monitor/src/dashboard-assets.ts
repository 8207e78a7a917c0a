// Placeholder until the dashboard lands (owned by the dashboard work): serves one page that says so.
export interface Asset {
  contentType: string;
  body: string | Buffer;
}

/** The dashboard's files keyed by URL path ('/' is the page). */
export async function dashboardAssets(): Promise<Map<string, Asset>> {
  return new Map([['/', { contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>gradstream</title><p>dashboard not built yet</p>' }]]);
}
