// Starts the Cosmos DB protocol server on loopback: node start.js <port> [--exit-on-stdin-close]
// Prints "listening <port>" once it accepts connections and serves until it is stopped (Ctrl+C or
// SIGTERM), whatever its stdin is, so it also runs in the background of a shell. A test process that
// starts it passes --exit-on-stdin-close and keeps the pipe open: when that process ends, however
// it ends, the pipe closes and the server goes with it.
"use strict";
require("./memoize-sql-parser");
require("./document-requests");
require("./composite-index-directions");
const { createHttpServer } = require("@vercel/cosmosdb-server");

const args = process.argv.slice(2);
const port = Number.parseInt(args.find((arg) => !arg.startsWith("--")) ?? "0", 10);
const server = createHttpServer();
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

if (args.includes("--exit-on-stdin-close")) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}
