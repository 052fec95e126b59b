// Starting an HTTP server on its configured address, with an error that says what to do when
// the address is taken or not allowed (instead of a raw EADDRINUSE stack trace).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeedmillError } from '../shared/errors.js';

/** Listens on host:port and returns the server's base URL, e.g. http://127.0.0.1:8080. */
export async function listen(server: Server, port: number, host: string, howToChange: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new FeedmillError('ADDRESS_IN_USE', `${host}:${port} is already in use: stop what listens there, or ${howToChange}`, { port }));
      } else if (err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') {
        reject(new FeedmillError('ADDRESS_IN_USE', `cannot listen on ${host}:${port} (${err.code}): ${howToChange}`, { port }));
      } else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
}
