import type { IncomingMessage } from 'node:http';

/** The absolute URLs of the STAC API's objects, from its root (`http://host:port/stac`). */
export class StacUrls {
  constructor(readonly root: string) {}

  /** The root as the request reached it: `X-Forwarded-Proto` and `Host` (a malformed host is `localhost`). */
  static of(request: IncomingMessage): StacUrls {
    const proto = request.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
    const host = request.headers.host ?? '';
    return new StacUrls(`${proto}://${/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : 'localhost'}/stac`);
  }

  get landing(): string {
    return this.root;
  }
  get conformance(): string {
    return `${this.root}/conformance`;
  }
  get collections(): string {
    return `${this.root}/collections`;
  }
  get search(): string {
    return `${this.root}/search`;
  }
  get openapi(): string {
    return `${this.root}/api`;
  }
  get serviceDoc(): string {
    return `${this.root}/api.html`;
  }
  collection(id: string): string {
    return `${this.root}/collections/${encodeURIComponent(id)}`;
  }
  items(collection: string): string {
    return `${this.collection(collection)}/items`;
  }
  item(collection: string, id: string): string {
    return `${this.items(collection)}/${encodeURIComponent(id)}`;
  }
  /** The edition's download plan as Metalink (the manifest door, beside `/stac`). */
  metalink(collection: string, id: string): string {
    return `${this.root.replace(/\/stac$/, '')}/downloads/${encodeURIComponent(collection)}/${encodeURIComponent(id)}.meta4`;
  }
}
