// A bare node:http server (its own process, like paramstore) answering every request with a fixed
// body of argv[2] bytes: the ceiling any HTTP service in Node can reach on this machine.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = Buffer.alloc(Number(process.argv[2] ?? 0), 0x61);
const headers = { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "00000000-0000-0000-0000-000000000000", "content-length": String(body.length) };
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`); // TCP listener
});
